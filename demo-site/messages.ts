/**
 * The shop's three languages and the strings of its shared chrome (header, footer, titles, 404).
 * The language mostly matters because the Ponte widget follows the host page's `<html lang>`.
 */
export const Lang = { En: 'en', PtBR: 'pt-BR', Es: 'es' } as const;
export type Lang = (typeof Lang)[keyof typeof Lang];

export const DEFAULT_LANG: Lang = Lang.En;

const LANGS: readonly string[] = Object.values(Lang);

function isLang(value: string): value is Lang {
  return LANGS.includes(value);
}

/** Any value outside the closed set (including a missing one) falls back to English. */
export function resolveLang(value: string | null): Lang {
  return value !== null && isLang(value) ? value : DEFAULT_LANG;
}

const en = {
  'skip': 'Skip to content',
  'tagline': 'Lamps and home lighting from Lisbon',
  'nav.label': 'Main',
  'nav.home': 'Home',
  'nav.products': 'Lamps',
  'nav.shipping': 'Shipping & returns',
  'nav.about': 'About',
  'lang.label': 'Language',
  'title.home': 'Lumen & Co. — lamps and home lighting from Lisbon',
  'title.products': 'Lamps — Lumen & Co.',
  'title.shipping': 'Shipping & returns — Lumen & Co.',
  'title.about': 'About us — Lumen & Co.',
  'title.notFound': 'Page not found — Lumen & Co.',
  'notFound.heading': 'This page is in the dark',
  'notFound.body': 'We could not find the page you asked for. It may have moved, or the link may be mistyped.',
  'notFound.home': 'Back to the shop',
  'footer.shop': 'Shop',
  'footer.help': 'Help',
  'footer.visit': 'Visit',
  'footer.address': 'Rua dos Candeeiros 12, 1200-123 Lisbon, Portugal',
  'footer.hours': 'Mon–Fri, 9:00–18:00 (Lisbon time)',
  'footer.ships': 'We ship to the European Union and Brazil.',
  'footer.chat': 'Questions? Chat with us any time.',
  'footer.rights': 'A demo shop for the Ponte live chat. No real orders are taken.',
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Readonly<Record<MessageKey, string>>;

const ptBR: Messages = {
  'skip': 'Pular para o conteúdo',
  'tagline': 'Luminárias e iluminação para casa, de Lisboa',
  'nav.label': 'Principal',
  'nav.home': 'Início',
  'nav.products': 'Luminárias',
  'nav.shipping': 'Envio e devoluções',
  'nav.about': 'Sobre nós',
  'lang.label': 'Idioma',
  'title.home': 'Lumen & Co. — luminárias e iluminação para casa, de Lisboa',
  'title.products': 'Luminárias — Lumen & Co.',
  'title.shipping': 'Envio e devoluções — Lumen & Co.',
  'title.about': 'Sobre nós — Lumen & Co.',
  'title.notFound': 'Página não encontrada — Lumen & Co.',
  'notFound.heading': 'Esta página está no escuro',
  'notFound.body': 'Não encontramos a página que você procurou. Ela pode ter mudado de endereço, ou o link pode estar errado.',
  'notFound.home': 'Voltar para a loja',
  'footer.shop': 'Loja',
  'footer.help': 'Ajuda',
  'footer.visit': 'Visite-nos',
  'footer.address': 'Rua dos Candeeiros 12, 1200-123 Lisboa, Portugal',
  'footer.hours': 'Seg–sex, 9h–18h (horário de Lisboa)',
  'footer.ships': 'Enviamos para a União Europeia e o Brasil.',
  'footer.chat': 'Dúvidas? Fale com a gente pelo chat.',
  'footer.rights': 'Uma loja de demonstração do chat Ponte. Nenhum pedido real é aceito.',
};

const es: Messages = {
  'skip': 'Saltar al contenido',
  'tagline': 'Lámparas e iluminación para el hogar, desde Lisboa',
  'nav.label': 'Principal',
  'nav.home': 'Inicio',
  'nav.products': 'Lámparas',
  'nav.shipping': 'Envíos y devoluciones',
  'nav.about': 'Nosotros',
  'lang.label': 'Idioma',
  'title.home': 'Lumen & Co. — lámparas e iluminación para el hogar, desde Lisboa',
  'title.products': 'Lámparas — Lumen & Co.',
  'title.shipping': 'Envíos y devoluciones — Lumen & Co.',
  'title.about': 'Nosotros — Lumen & Co.',
  'title.notFound': 'Página no encontrada — Lumen & Co.',
  'notFound.heading': 'Esta página está a oscuras',
  'notFound.body': 'No encontramos la página que buscabas. Puede que se haya movido o que el enlace esté mal escrito.',
  'notFound.home': 'Volver a la tienda',
  'footer.shop': 'Tienda',
  'footer.help': 'Ayuda',
  'footer.visit': 'Visítanos',
  'footer.address': 'Rua dos Candeeiros 12, 1200-123 Lisboa, Portugal',
  'footer.hours': 'Lun–vie, 9:00–18:00 (hora de Lisboa)',
  'footer.ships': 'Enviamos a la Unión Europea y a Brasil.',
  'footer.chat': '¿Dudas? Escríbenos por el chat.',
  'footer.rights': 'Una tienda de demostración del chat Ponte. No se aceptan pedidos reales.',
};

export const messages: Readonly<Record<Lang, Messages>> = { [Lang.En]: en, [Lang.PtBR]: ptBR, [Lang.Es]: es };

export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(en, value);
}
