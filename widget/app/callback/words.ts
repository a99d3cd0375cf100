/**
 * The booking panel's words and where its refusals go, in the panel's lazy chunk: most visitors
 * never open it, so its ~60 strings need not ship in the initial JavaScript. Same rules as i18n.ts.
 */
import { ErrorCode, type Locale } from '../../../protocol/codes';
import { callbackErrorText, fill } from '../i18n';

const en = {
  bookingTitle: 'Book a call back',
  moveTitle: 'Change the time of your call',
  backToChat: 'Back to chat',
  slotsLoading: 'Looking for free times…',
  slotsEmpty: "No free times in the next days — leave a message and we'll write back",
  zoneNote: 'Times shown in your time zone: {zone}',
  day: 'Day',
  time: 'Time',
  country: 'Country',
  phone: 'Phone number',
  note: 'Note (optional)',
  bookCall: 'Book call',
  pickTime: 'Choose a time.',
  phoneRequired: 'Enter your phone number.',
  errSlotFull: 'Someone just took that time. Here are the next free times.',
  errSlotGone: "That time can't be booked any more. Please choose another.",
  errPhone: "That phone number doesn't look right for the country chosen.",
  errCountry: "We can't call numbers in that country.",
  errDisabled: "Call backs aren't available right now.",
  errConflict: 'You already have a call booked.',
};
export type BookingKey = keyof typeof en;

const dictionaries: Record<Locale, Record<BookingKey, string>> = {
  en,
  'pt-BR': {
    bookingTitle: 'Agendar uma ligação',
    moveTitle: 'Mudar o horário da ligação',
    backToChat: 'Voltar ao chat',
    slotsLoading: 'Procurando horários livres…',
    slotsEmpty: 'Não há horários livres nos próximos dias — deixe uma mensagem e responderemos por escrito',
    zoneNote: 'Horários no seu fuso horário: {zone}',
    day: 'Dia',
    time: 'Horário',
    country: 'País',
    phone: 'Número de telefone',
    note: 'Observação (opcional)',
    bookCall: 'Agendar ligação',
    pickTime: 'Escolha um horário.',
    phoneRequired: 'Informe seu número de telefone.',
    errSlotFull: 'Alguém acabou de pegar esse horário. Estes são os próximos horários livres.',
    errSlotGone: 'Esse horário não pode mais ser agendado. Escolha outro.',
    errPhone: 'Esse número de telefone não parece válido para o país escolhido.',
    errCountry: 'Não ligamos para números desse país.',
    errDisabled: 'O agendamento de ligações não está disponível agora.',
    errConflict: 'Você já tem uma ligação agendada.',
  },
  es: {
    bookingTitle: 'Reservar una llamada',
    moveTitle: 'Cambiar la hora de tu llamada',
    backToChat: 'Volver al chat',
    slotsLoading: 'Buscando horas libres…',
    slotsEmpty: 'No hay horas libres en los próximos días: deja un mensaje y te responderemos por escrito',
    zoneNote: 'Horas en tu zona horaria: {zone}',
    day: 'Día',
    time: 'Hora',
    country: 'País',
    phone: 'Número de teléfono',
    note: 'Nota (opcional)',
    bookCall: 'Reservar llamada',
    pickTime: 'Elige una hora.',
    phoneRequired: 'Escribe tu número de teléfono.',
    errSlotFull: 'Alguien acaba de reservar esa hora. Estas son las próximas horas libres.',
    errSlotGone: 'Esa hora ya no se puede reservar. Elige otra.',
    errPhone: 'Ese número de teléfono no parece válido para el país elegido.',
    errCountry: 'No llamamos a números de ese país.',
    errDisabled: 'Las llamadas no están disponibles ahora.',
    errConflict: 'Ya tienes una llamada reservada.',
  },
};

/** The panel's text for `key` in `locale`, placeholders filled from `vars`. */
export function bookingText(locale: Locale, key: BookingKey, vars: Record<string, string> = {}): string {
  return fill(dictionaries[locale][key], vars);
}

function bookingErrorKey(code: string): BookingKey | null {
  switch (code) {
    case ErrorCode.SlotFull:
      return 'errSlotFull';
    case ErrorCode.SlotInPast:
    case ErrorCode.TooSoon:
    case ErrorCode.OutsideHours:
    case ErrorCode.BeyondHorizon:
    case ErrorCode.NoSuchSlot:
      return 'errSlotGone';
    case ErrorCode.InvalidPhone:
      return 'errPhone';
    case ErrorCode.PhoneCountryNotServed:
      return 'errCountry';
    case ErrorCode.CallbacksDisabled:
      return 'errDisabled';
    case ErrorCode.Conflict:
      return 'errConflict';
    default:
      return null;
  }
}

/** A refusal of a booking in the visitor's language (the shared codes are worded by i18n.ts). */
export function bookingErrorText(locale: Locale, error: { code: string; message: string }): string {
  const key = bookingErrorKey(error.code);
  return key ? bookingText(locale, key) : callbackErrorText(locale, error);
}

/** Where a booking refusal is shown: next to the phone field, next to the times, or over the form. */
export function errorPlace(code: string): 'phone' | 'slot' | 'form' {
  switch (code) {
    case ErrorCode.InvalidPhone:
    case ErrorCode.PhoneCountryNotServed:
      return 'phone';
    case ErrorCode.SlotFull:
    case ErrorCode.SlotInPast:
    case ErrorCode.TooSoon:
    case ErrorCode.OutsideHours:
    case ErrorCode.BeyondHorizon:
    case ErrorCode.NoSuchSlot:
      return 'slot';
    default:
      return 'form';
  }
}
