import type { Locale } from '../protocol/codes';

/**
 * What the bot knows of the words customer service runs on, before any site adds its own
 * (issue 13): per language, groups of words that mean the same in a support chat, phrases
 * that say one thing in several words, the chat abbreviations visitors type, and place names.
 * Written in folded form (lowercase, no accents), as `tokenize` leaves words. A site's own
 * synonyms (knowledge-base `synonyms`) are added on top and join these groups when they share
 * a word.
 *
 * NOTE: only words whose meaning does not depend on the business are here: "frete" is
 * shipping in every Brazilian shop, "lamp" is a product only in some. Product names and a
 * site's own jargon belong in that site's synonyms.
 */

export const BUILT_IN_SYNONYMS: Readonly<Record<Locale, readonly (readonly string[])[]>> = {
  en: [
    ['ship', 'shipping', 'shipment', 'deliver', 'delivery', 'send', 'post', 'postage', 'dispatch', 'courier', 'mail'],
    ['cost', 'price', 'fee', 'charge', 'rate', 'expensive', 'cheap', 'cheapest', 'pricey'],
    ['order', 'purchase'],
    ['refund', 'reimburse', 'reimbursement', 'moneyback'],
    ['receipt', 'invoice', 'bill', 'vat'],
    ['return', 'sendback', 'exchange', 'swap'],
    ['cancel', 'cancellation', 'cancelled', 'canceled'],
    ['track', 'tracking', 'trace', 'whereabouts'],
    ['arrive', 'arrival', 'reach', 'receive', 'gethere'],
    ['open', 'opening', 'closed', 'closing', 'hours', 'timetable'],
    ['store', 'shop', 'showroom', 'boutique'],
    ['warranty', 'guarantee', 'guaranteed'],
    ['broken', 'faulty', 'defective', 'damaged', 'broke', 'died', 'dead', 'notworking'],
    ['discount', 'coupon', 'voucher', 'promo', 'promotion', 'deal'],
    ['pay', 'payment', 'paying', 'card', 'cards', 'paypal', 'visa', 'mastercard', 'amex', 'cash', 'klarna'],
    ['appointment', 'booking', 'book', 'reservation', 'reschedule'],
    ['doctor', 'physician', 'dr', 'specialist'],
    ['insurance', 'insurer', 'insured'],
    ['password', 'login', 'signin'],
    ['account', 'profile'],
  ],
  'pt-BR': [
    ['frete', 'envio', 'enviar', 'envia', 'enviam', 'entrega', 'entregar', 'entregam', 'mandar', 'mandam', 'manda', 'remessa', 'despacho', 'despachar', 'correio', 'correios', 'postar'],
    ['custo', 'custa', 'custar', 'preco', 'valor', 'taxa', 'caro', 'barato', 'tarifa'],
    ['pedido', 'encomenda', 'compra'],
    ['reembolso', 'estorno', 'ressarcimento', 'dinheirodevolta'],
    ['fatura', 'recibo', 'comprovante', 'nf', 'nfe', 'notafiscal'],
    ['devolver', 'devolucao', 'troca', 'trocar'],
    ['cancelar', 'cancelamento', 'desistir', 'desistencia'],
    ['rastrear', 'rastreio', 'rastreamento', 'acompanhar'],
    ['chegar', 'chega', 'chegou', 'receber', 'recebo', 'recebi'],
    ['horario', 'abrem', 'abre', 'aberto', 'aberta', 'fecham', 'fechado', 'fecha'],
    ['loja', 'showroom', 'lojafisica'],
    ['garantia'],
    ['quebrou', 'quebrado', 'quebrada', 'defeito', 'pifou', 'estragou', 'danificado', 'danificada', 'queimou', 'naofunciona'],
    ['desconto', 'cupom', 'promocao', 'voucher', 'codigopromocional'],
    ['pagar', 'pagamento', 'pago', 'cartao', 'pix', 'boleto', 'paypal', 'parcelar', 'parcela', 'parcelas', 'visa', 'mastercard'],
    ['consulta', 'agendar', 'agendamento', 'marcar', 'remarcar'],
    ['medico', 'medica', 'doutor', 'doutora', 'dr', 'dra', 'especialista'],
    ['convenio', 'seguro', 'plano'],
    ['senha', 'login'],
    ['conta', 'cadastro', 'perfil'],
  ],
  es: [
    ['envio', 'enviar', 'envian', 'envia', 'mandar', 'mandan', 'manda', 'entrega', 'entregar', 'entregan', 'despacho', 'despachar', 'paqueteria', 'correo'],
    ['costo', 'coste', 'cuesta', 'costar', 'precio', 'valor', 'tarifa', 'caro', 'barato'],
    ['pedido', 'orden', 'compra'],
    ['reembolso', 'reintegro', 'devoluciondeldinero'],
    ['factura', 'recibo', 'comprobante', 'boleta', 'ticket'],
    ['devolver', 'devolucion', 'cambio', 'cambiar', 'regresar'],
    ['cancelar', 'cancelacion', 'anular'],
    ['rastrear', 'rastreo', 'seguimiento', 'localizar'],
    ['llegar', 'llega', 'llego'],
    ['horario', 'abren', 'abre', 'abierto', 'abierta', 'cierran', 'cerrado', 'cierra'],
    ['tienda', 'local', 'showroom'],
    ['garantia'],
    ['roto', 'rota', 'defecto', 'defectuoso', 'defectuosa', 'averiado', 'averia', 'danado', 'danada', 'estropeado', 'murio', 'nofunciona'],
    ['descuento', 'cupon', 'promocion', 'oferta', 'codigopromocional'],
    ['pagar', 'pago', 'tarjeta', 'transferencia', 'efectivo', 'paypal', 'bizum', 'visa', 'mastercard', 'cuotas'],
    ['cita', 'turno', 'reservar', 'agendar', 'reprogramar'],
    ['medico', 'medica', 'doctor', 'doctora', 'dr', 'dra', 'especialista'],
    ['seguro', 'mutua', 'prepaga', 'obrasocial'],
    ['contrasena', 'clave', 'login'],
    ['cuenta', 'perfil', 'registro'],
  ],
};

/**
 * Several words for one thing, rewritten to the single word the groups above hold ("money
 * back" → "moneyback", "nota fiscal" → "notafiscal"). Applied to folded text, whole words only.
 */
export const PHRASES: Readonly<Record<Locale, readonly (readonly [string, string])[]>> = {
  en: [
    ['money back', 'moneyback'],
    ['send it back', 'sendback'],
    ['send back', 'sendback'],
    ['get here', 'gethere'],
    ['gets here', 'gethere'],
    ['stopped working', 'notworking'],
    ['not working', 'notworking'],
    ['doesn t work', 'notworking'],
    ['doesnt work', 'notworking'],
    ['tracking number', 'tracking'],
    ['tracking code', 'tracking'],
    ['tracking link', 'tracking'],
    ['sign in', 'signin'],
    ['log in', 'login'],
  ],
  'pt-BR': [
    ['dinheiro de volta', 'dinheirodevolta'],
    ['nota fiscal', 'notafiscal'],
    ['codigo de rastreio', 'rastreio'],
    ['codigo de rastreamento', 'rastreio'],
    ['codigo promocional', 'codigopromocional'],
    ['codigo de desconto', 'codigopromocional'],
    ['quanto sai', 'quanto custa'],
    ['quanto fica', 'quanto custa'],
    ['parou de funcionar', 'naofunciona'],
    ['nao funciona', 'naofunciona'],
    ['nao liga', 'naofunciona'],
    ['nao acende', 'naofunciona'],
    ['loja fisica', 'lojafisica'],
  ],
  es: [
    ['devolucion del dinero', 'devoluciondeldinero'],
    ['devuelven el dinero', 'devoluciondeldinero'],
    ['devolver el dinero', 'devoluciondeldinero'],
    ['codigo de seguimiento', 'seguimiento'],
    ['numero de seguimiento', 'seguimiento'],
    ['codigo promocional', 'codigopromocional'],
    ['codigo de descuento', 'codigopromocional'],
    ['cuanto sale', 'cuanto cuesta'],
    ['dejo de funcionar', 'nofunciona'],
    ['no funciona', 'nofunciona'],
    ['no enciende', 'nofunciona'],
    ['no prende', 'nofunciona'],
    ['obra social', 'obrasocial'],
  ],
};

/** Chat abbreviations that stand for a content word (filler ones are stop words already). */
export const ABBREVIATIONS: Readonly<Record<Locale, Readonly<Record<string, string>>>> = {
  en: { tmrw: 'tomorrow', tmr: 'tomorrow', tmrow: 'tomorrow', info: 'information', pkg: 'package', recpt: 'receipt', addr: 'address', appt: 'appointment', acct: 'account', pw: 'password', pwd: 'password' },
  'pt-BR': { hj: 'hoje', agr: 'agora', msg: 'mensagem', info: 'informacao', end: 'endereco', ped: 'pedido', dps: 'depois', sab: 'sabado', dom: 'domingo' },
  es: { info: 'informacion', dir: 'direccion', msj: 'mensaje', sab: 'sabado', dom: 'domingo' },
};

/**
 * Places visitors name: countries, regions and large cities, in the three languages, folded,
 * each under one key. A place the knowledge base does not list ("do you ship to Italy?") still
 * tells the matcher that the question is about a place, like its phrasings about Spain or
 * Brazil; the same place is a closer match than another one.
 */
const PLACE_NAMES: readonly (readonly string[])[] = [
  ['portugal'], ['spain', 'espanha', 'espana'], ['france', 'franca', 'francia'], ['italy', 'italia'],
  ['germany', 'alemanha', 'alemania'], ['netherlands', 'holland', 'holanda', 'paises baixos', 'paises bajos'],
  ['belgium', 'belgica'], ['luxembourg', 'luxemburgo'], ['austria'], ['switzerland', 'suica', 'suiza'],
  ['ireland', 'irlanda'], ['united kingdom', 'uk', 'britain', 'great britain', 'england', 'reino unido', 'inglaterra', 'gra bretanha', 'gran bretana'],
  ['scotland', 'escocia'], ['denmark', 'dinamarca'], ['sweden', 'suecia'], ['norway', 'noruega'], ['finland', 'finlandia'],
  ['iceland', 'islandia'], ['poland', 'polonia'], ['czechia', 'czech republic', 'republica tcheca', 'chequia', 'republica checa'],
  ['slovakia', 'eslovaquia'], ['hungary', 'hungria'], ['romania', 'romenia', 'rumania'], ['bulgaria'], ['greece', 'grecia'],
  ['croatia', 'croacia'], ['slovenia', 'eslovenia'], ['estonia'], ['latvia', 'letonia'], ['lithuania', 'lituania'],
  ['malta'], ['cyprus', 'chipre'], ['turkey', 'turquia'], ['russia', 'rusia'], ['ukraine', 'ucrania'],
  ['brazil', 'brasil'], ['argentina'], ['chile'], ['uruguay', 'uruguai'], ['paraguay', 'paraguai'], ['bolivia'],
  ['peru'], ['colombia'], ['venezuela'], ['ecuador', 'equador'], ['mexico'], ['cuba'], ['costa rica'],
  ['panama'], ['guatemala'], ['puerto rico', 'porto rico'], ['dominican republic', 'republica dominicana'],
  ['united states', 'usa', 'america', 'estados unidos', 'eua', 'eeuu'], ['canada'], ['australia'], ['new zealand', 'nova zelandia', 'nueva zelanda'],
  ['japan', 'japao', 'japon'], ['china'], ['india'], ['south africa', 'africa do sul', 'sudafrica'], ['angola'], ['mozambique', 'mocambique'],
  ['cape verde', 'cabo verde'], ['morocco', 'marrocos', 'marruecos'], ['israel'], ['dubai', 'emirates', 'emirados', 'emiratos'],
  ['europe', 'europa'], ['ue', 'european union', 'uniao europeia', 'union europea'], ['latin america', 'america latina', 'latinoamerica'],
  ['lisbon', 'lisboa'], ['porto', 'oporto'], ['faro'], ['coimbra'], ['braga'], ['aveiro'], ['algarve'], ['madeira', 'funchal'],
  ['azores', 'acores'], ['sintra'], ['cascais'], ['setubal'], ['evora'],
  ['madrid'], ['barcelona'], ['valencia'], ['seville', 'sevilha', 'sevilla'], ['malaga'], ['bilbao'], ['zaragoza'],
  ['canary islands', 'canarias', 'ilhas canarias', 'islas canarias'], ['balearic islands', 'baleares', 'mallorca', 'majorca', 'ibiza'],
  ['paris'], ['london', 'londres'], ['berlin', 'berlim'], ['rome', 'roma'], ['milan', 'milao'], ['amsterdam', 'amsterda'],
  ['brussels', 'bruxelas', 'bruselas'], ['vienna', 'viena'], ['munich', 'munique'], ['dublin'], ['prague', 'praga'],
  ['sao paulo', 'sampa', 'sp'], ['rio de janeiro', 'rio', 'rj'], ['belo horizonte', 'bh'], ['brasilia'], ['salvador'],
  ['bahia'], ['minas gerais', 'minas'], ['curitiba'], ['porto alegre'], ['recife'], ['fortaleza'], ['manaus'], ['belem'],
  ['florianopolis', 'floripa'], ['goiania'], ['santa catarina'], ['parana'], ['pernambuco'], ['ceara'], ['rio grande do sul'],
  ['buenos aires'], ['cordoba'], ['rosario'], ['montevideo', 'montevideu'], ['santiago'], ['lima'], ['bogota'], ['medellin'],
  ['ciudad de mexico', 'mexico city', 'cidade do mexico', 'cdmx'], ['guadalajara'], ['monterrey'], ['caracas'], ['quito'],
  ['new york', 'nova york', 'nova iorque', 'nueva york', 'nyc'], ['miami'], ['los angeles'], ['toronto'],
];

/** Place name (folded, possibly several words) → its key. */
export const PLACES: ReadonlyMap<string, string> = new Map(
  PLACE_NAMES.flatMap((names) => names.map((name) => [name, `@${(names[0] ?? name).replace(/ /g, '_')}`] as const)),
);

/** The longest place name, in words: how far ahead the matcher looks for one. */
export const LONGEST_PLACE_WORDS = Math.max(...[...PLACES.keys()].map((name) => name.split(' ').length));

export function isPlaceKey(term: string): boolean {
  return term.startsWith('@');
}
