/**
 * The widget's words in its three languages, and `t()`. No i18n library: every byte here ships to
 * every visitor. English strings that are accessible names ("Message", "Send", "Close chat") are
 * part of the public contract (ARCHITECTURE.md).
 */
import { ErrorCode, type Locale } from '../../protocol/codes';

const en = {
  message: 'Message',
  placeholder: 'Write a message…',
  send: 'Send',
  closeChat: 'Close chat',
  talkToPerson: 'Talk to a person',
  you: 'You',
  someone: 'A person',
  statusBot: 'Assistant',
  statusQueued: 'Waiting for a person',
  statusLive: 'Chatting with {name}',
  statusClosed: 'Conversation closed',
  eventQueued: 'You’re in the queue — a person will reply here soon.',
  eventQueuedAway: 'Your message is waiting for our team — they’ll reply right here.',
  eventLive: '{name} joined the chat',
  eventAgentLeft: '{name} had to step away. You’re back in the queue, and the next person will pick up right here — nothing you wrote is lost.',
  eventAgentLeftUnnamed: 'The person helping you had to step away. You’re back in the queue, and the next person will pick up right here — nothing you wrote is lost.',
  eventClosed: 'The conversation was closed. Write again any time.',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  offline: "You're offline — messages will be sent when you reconnect",
  sending: 'Sending…',
  notSent: 'Not sent.',
  retry: 'Retry',
  errorForbidden: 'Chat isn’t available on this site.',
  errorSiteDisabled: 'The chat is turned off for this site.',
  errorVersion: 'This chat needs an update. Please reload the page.',
  errorSetup: 'The chat isn’t set up correctly.',
  feedbackAsk: 'Did that help?',
  feedbackYes: 'Yes, that helped',
  feedbackNo: "No, that didn't help",
  feedbackThanks: 'Thanks for the feedback',
  typing: 'Typing…',
  statusAvailable: 'A person is available',
  statusAway: "Our team is away — we'll reply here",
  queueNext: "You're next",
  queuePosition: "You're number {n} in the queue",
  queueWait: "You're number {n} in the queue · about {m} min",
  queueWaitShort: "You're number {n} in the queue · less than a minute",
  agentTyping: '{name} is typing…',
  seen: 'Seen',
  callMeBack: 'Call me back',
  bookCallback: 'Book a call back',
  awayUntil: "We're away now. Back {when} (your time).",
  awayNow: "We're away now.",
  leaveMessage: 'Nobody can chat right now. Leave a message here and a person will reply in this chat.',
  statusCallback: 'Call booked — messages you write now are kept for the person who calls',
  loadFailed: 'This could not be loaded.',
  callBooked: 'Call booked',
  yourTime: '{when} (your time)',
  callerNamed: '{name} will call you',
  addToCalendar: 'Add to calendar',
  changeTime: 'Change time',
  cancelCall: 'Cancel call',
  cancelAsk: 'Cancel this call?',
  cancelYes: 'Yes, cancel it',
  cancelNo: 'Keep it',
  errRateLimited: 'Too many tries — please wait a moment.',
  errCallbacksFull: 'We have taken all the call-back requests we can for today. Write to us here, or try again tomorrow.',
  errNotFound: 'That booking no longer exists.',
  errInvalidState: "This call can't be changed any more.",
  errNotSent: 'Not sent — check your connection and try again.',
  errGeneric: 'Something went wrong. Please try again.',
  eventCallbackBooked: "Call back booked. We'll call you at the time you chose.",
  eventCallbackMoved: 'Your call was moved to the time you chose.',
  eventCallbackCancelled: 'You cancelled the call back.',
  eventCallbackClaimed: '{name} will call you.',
  eventCallbackRetry: "We called but couldn't reach you. We'll try again.",
  eventCallbackRescheduled: 'We moved your call to a new time. See the booking for details.',
  eventCallbackDone: 'The call back is finished. Write again any time.',
  eventCallbackMissed: "Sorry, we couldn't call at the time you chose. Pick a new time or cancel.",
  callbackMissed: 'We missed this time. Pick a new one, or cancel.',
};
export type MessageKey = keyof typeof en;

const dictionaries: Record<Locale, Record<MessageKey, string>> = {
  en,
  'pt-BR': {
    message: 'Mensagem',
    placeholder: 'Escreva uma mensagem…',
    send: 'Enviar',
    closeChat: 'Fechar chat',
    talkToPerson: 'Falar com uma pessoa',
    you: 'Você',
    someone: 'Uma pessoa',
    statusBot: 'Assistente',
    statusQueued: 'Aguardando uma pessoa',
    statusLive: 'Conversando com {name}',
    statusClosed: 'Conversa encerrada',
    eventQueued: 'Você está na fila — uma pessoa vai responder aqui em breve.',
    eventQueuedAway: 'Sua mensagem está esperando a nossa equipe — vamos responder aqui mesmo.',
    eventLive: '{name} entrou na conversa',
    eventAgentLeft: '{name} precisou se ausentar. Você voltou para a fila, e a próxima pessoa vai continuar aqui mesmo — nada do que você escreveu se perdeu.',
    eventAgentLeftUnnamed: 'A pessoa que estava te atendendo precisou se ausentar. Você voltou para a fila, e a próxima pessoa vai continuar aqui mesmo — nada do que você escreveu se perdeu.',
    eventClosed: 'A conversa foi encerrada. Escreva de novo quando quiser.',
    connecting: 'Conectando…',
    reconnecting: 'Reconectando…',
    offline: 'Você está sem conexão — as mensagens serão enviadas quando reconectar',
    sending: 'Enviando…',
    notSent: 'Não enviada.',
    retry: 'Tentar de novo',
    errorForbidden: 'O chat não está disponível neste site.',
    errorSiteDisabled: 'O chat foi desativado para este site.',
    errorVersion: 'Este chat precisa ser atualizado. Recarregue a página.',
    errorSetup: 'O chat não está configurado corretamente.',
    feedbackAsk: 'Isso ajudou?',
    feedbackYes: 'Sim, ajudou',
    feedbackNo: 'Não ajudou',
    feedbackThanks: 'Obrigado pelo retorno',
    typing: 'Digitando…',
    statusAvailable: 'Uma pessoa está disponível',
    statusAway: 'Nossa equipe está ausente — responderemos aqui',
    queueNext: 'Você é o próximo da fila',
    queuePosition: 'Você é o número {n} na fila',
    queueWait: 'Você é o número {n} na fila · cerca de {m} min',
    queueWaitShort: 'Você é o número {n} na fila · menos de um minuto',
    agentTyping: '{name} está digitando…',
    seen: 'Visto',
    callMeBack: 'Ligue para mim',
    bookCallback: 'Agendar uma ligação',
    awayUntil: 'Estamos ausentes agora. Voltamos {when} (seu horário).',
    awayNow: 'Estamos ausentes agora.',
    leaveMessage: 'Ninguém pode atender agora. Deixe uma mensagem aqui e uma pessoa vai responder neste chat.',
    statusCallback: 'Ligação agendada — o que você escrever agora fica guardado para quem vai ligar',
    loadFailed: 'Não foi possível carregar.',
    callBooked: 'Ligação agendada',
    yourTime: '{when} (seu horário)',
    callerNamed: '{name} vai ligar para você',
    addToCalendar: 'Adicionar à agenda',
    changeTime: 'Mudar horário',
    cancelCall: 'Cancelar ligação',
    cancelAsk: 'Cancelar esta ligação?',
    cancelYes: 'Sim, cancelar',
    cancelNo: 'Manter',
    errRateLimited: 'Muitas tentativas — aguarde um momento.',
    errCallbacksFull: 'Já recebemos todos os pedidos de retorno que conseguimos atender hoje. Escreva para nós aqui ou tente amanhã.',
    errNotFound: 'Esse agendamento não existe mais.',
    errInvalidState: 'Esta ligação não pode mais ser alterada.',
    errNotSent: 'Não enviado — verifique sua conexão e tente de novo.',
    errGeneric: 'Algo deu errado. Tente de novo.',
    eventCallbackBooked: 'Ligação agendada. Vamos ligar no horário que você escolheu.',
    eventCallbackMoved: 'Sua ligação foi mudada para o horário que você escolheu.',
    eventCallbackCancelled: 'Você cancelou a ligação.',
    eventCallbackClaimed: '{name} vai ligar para você.',
    eventCallbackRetry: 'Ligamos, mas não conseguimos falar com você. Vamos tentar de novo.',
    eventCallbackRescheduled: 'Mudamos sua ligação para outro horário. Veja os detalhes no agendamento.',
    eventCallbackDone: 'A ligação foi concluída. Escreva de novo quando quiser.',
    eventCallbackMissed: 'Desculpe, não conseguimos ligar no horário que você escolheu. Escolha outro horário ou cancele.',
    callbackMissed: 'Perdemos este horário. Escolha outro ou cancele.',
  },
  es: {
    message: 'Mensaje',
    placeholder: 'Escribe un mensaje…',
    send: 'Enviar',
    closeChat: 'Cerrar chat',
    talkToPerson: 'Hablar con una persona',
    you: 'Tú',
    someone: 'Una persona',
    statusBot: 'Asistente',
    statusQueued: 'Esperando a una persona',
    statusLive: 'Conversando con {name}',
    statusClosed: 'Conversación cerrada',
    eventQueued: 'Estás en la cola: una persona te responderá aquí pronto.',
    eventQueuedAway: 'Tu mensaje espera a nuestro equipo: te responderemos aquí mismo.',
    eventLive: '{name} se unió al chat',
    eventAgentLeft: '{name} tuvo que ausentarse. Vuelves a estar en la cola y la próxima persona seguirá aquí mismo; no se pierde nada de lo que escribiste.',
    eventAgentLeftUnnamed: 'La persona que te atendía tuvo que ausentarse. Vuelves a estar en la cola y la próxima persona seguirá aquí mismo; no se pierde nada de lo que escribiste.',
    eventClosed: 'La conversación se cerró. Escribe de nuevo cuando quieras.',
    connecting: 'Conectando…',
    reconnecting: 'Reconectando…',
    offline: 'Estás sin conexión: los mensajes se enviarán cuando te reconectes',
    sending: 'Enviando…',
    notSent: 'No enviado.',
    retry: 'Reintentar',
    errorForbidden: 'El chat no está disponible en este sitio.',
    errorSiteDisabled: 'El chat está desactivado para este sitio.',
    errorVersion: 'Este chat necesita actualizarse. Recarga la página.',
    errorSetup: 'El chat no está configurado correctamente.',
    feedbackAsk: '¿Te ayudó?',
    feedbackYes: 'Sí, me ayudó',
    feedbackNo: 'No me ayudó',
    feedbackThanks: 'Gracias por tu opinión',
    typing: 'Escribiendo…',
    statusAvailable: 'Hay una persona disponible',
    statusAway: 'Nuestro equipo está ausente: te responderemos aquí',
    queueNext: 'Eres el siguiente',
    queuePosition: 'Eres el número {n} en la cola',
    queueWait: 'Eres el número {n} en la cola · unos {m} min',
    queueWaitShort: 'Eres el número {n} en la cola · menos de un minuto',
    agentTyping: '{name} está escribiendo…',
    seen: 'Visto',
    callMeBack: 'Llámame',
    bookCallback: 'Reservar una llamada',
    awayUntil: 'Ahora no estamos. Volvemos {when} (tu hora).',
    awayNow: 'Ahora no estamos.',
    leaveMessage: 'Ahora no hay nadie disponible. Deja un mensaje aquí y una persona te responderá en este chat.',
    statusCallback: 'Llamada reservada: lo que escribas ahora lo verá quien te llame',
    loadFailed: 'No se pudo cargar.',
    callBooked: 'Llamada reservada',
    yourTime: '{when} (tu hora)',
    callerNamed: '{name} te llamará',
    addToCalendar: 'Añadir al calendario',
    changeTime: 'Cambiar hora',
    cancelCall: 'Cancelar llamada',
    cancelAsk: '¿Cancelar esta llamada?',
    cancelYes: 'Sí, cancelarla',
    cancelNo: 'Mantenerla',
    errRateLimited: 'Demasiados intentos: espera un momento.',
    errCallbacksFull: 'Ya recibimos todas las solicitudes de llamada que podemos atender hoy. Escríbenos aquí o inténtalo mañana.',
    errNotFound: 'Esa reserva ya no existe.',
    errInvalidState: 'Esta llamada ya no se puede cambiar.',
    errNotSent: 'No enviado: revisa tu conexión e inténtalo de nuevo.',
    errGeneric: 'Algo salió mal. Inténtalo de nuevo.',
    eventCallbackBooked: 'Llamada reservada. Te llamaremos a la hora que elegiste.',
    eventCallbackMoved: 'Tu llamada se movió a la hora que elegiste.',
    eventCallbackCancelled: 'Cancelaste la llamada.',
    eventCallbackClaimed: '{name} te llamará.',
    eventCallbackRetry: 'Te llamamos, pero no pudimos hablar contigo. Lo intentaremos de nuevo.',
    eventCallbackRescheduled: 'Movimos tu llamada a otra hora. Mira los detalles en la reserva.',
    eventCallbackDone: 'La llamada terminó. Escribe de nuevo cuando quieras.',
    eventCallbackMissed: 'Perdona, no pudimos llamarte a la hora que elegiste. Elige otra hora o cancela.',
    callbackMissed: 'No llegamos a esta hora. Elige otra o cancela.',
  },
};

/** `template` with its `{name}`-style placeholders filled from `vars` (unknown ones stay visible). */
export const fill = (template: string, vars: Record<string, string>): string =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);

/** The text for `key` in `locale`, with `{name}`-style placeholders filled from `vars`. */
export function t(locale: Locale, key: MessageKey, vars: Record<string, string> = {}): string {
  return fill(dictionaries[locale][key], vars);
}

/**
 * The queue line: "You're next", or the position with the estimate rounded up to whole minutes
 * (rounding down would promise a shorter wait than the server expects).
 */
export function queueText(locale: Locale, position: number, estimatedWaitSeconds: number | null): string {
  const n = String(position);
  if (position <= 1) return t(locale, 'queueNext');
  if (estimatedWaitSeconds === null) return t(locale, 'queuePosition', { n });
  if (estimatedWaitSeconds < 60) return t(locale, 'queueWaitShort', { n });
  return t(locale, 'queueWait', { n, m: String(Math.ceil(estimatedWaitSeconds / 60)) });
}

/** The widget's own words for a callback refusal it can meet outside the booking panel; null otherwise. */
function callbackErrorKey(code: string): MessageKey | null {
  switch (code) {
    case ErrorCode.RateLimited:
      return 'errRateLimited';
    case ErrorCode.CallbacksFull:
      return 'errCallbacksFull';
    case ErrorCode.NotFound:
      return 'errNotFound';
    case ErrorCode.InvalidState:
      return 'errInvalidState';
    // Ours, not the server's: the frame never left (callback/state.ts `NotSent`).
    case 'not_sent':
      return 'errNotSent';
    default:
      return null;
  }
}

/**
 * A callback refusal in the visitor's language; for a code the widget has no words for, the
 * server's own (English) sentence, which beats saying nothing useful. The booking panel's own
 * refusals (slot, phone) are worded in callback/words.ts.
 */
export function callbackErrorText(locale: Locale, error: { code: string; message: string }): string {
  const key = callbackErrorKey(error.code);
  return key ? t(locale, key) : error.message || t(locale, 'errGeneric');
}
