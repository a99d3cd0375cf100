/**
 * The widget's words in its three languages, and `t()`. No i18n library: every byte here ships to
 * every visitor. English strings that are accessible names ("Message", "Send", "Close chat") are
 * part of the public contract (ARCHITECTURE.md).
 */
import type { Locale } from '../../protocol/codes';

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
  eventClosed: 'The conversation was closed. Write again any time.',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  offline: "You're offline — messages will be sent when you reconnect",
  sending: 'Sending…',
  notSent: 'Not sent.',
  retry: 'Retry',
  errorForbidden: 'Chat isn’t available on this site.',
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
    eventClosed: 'A conversa foi encerrada. Escreva de novo quando quiser.',
    connecting: 'Conectando…',
    reconnecting: 'Reconectando…',
    offline: 'Você está sem conexão — as mensagens serão enviadas quando reconectar',
    sending: 'Enviando…',
    notSent: 'Não enviada.',
    retry: 'Tentar de novo',
    errorForbidden: 'O chat não está disponível neste site.',
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
    eventClosed: 'La conversación se cerró. Escribe de nuevo cuando quieras.',
    connecting: 'Conectando…',
    reconnecting: 'Reconectando…',
    offline: 'Estás sin conexión: los mensajes se enviarán cuando te reconectes',
    sending: 'Enviando…',
    notSent: 'No enviado.',
    retry: 'Reintentar',
    errorForbidden: 'El chat no está disponible en este sitio.',
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
  },
};

/** The text for `key` in `locale`, with `{name}`-style placeholders filled from `vars`. */
export function t(locale: Locale, key: MessageKey, vars: Record<string, string> = {}): string {
  return dictionaries[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
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
