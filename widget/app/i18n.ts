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
  },
};

/** The text for `key` in `locale`, with `{name}`-style placeholders filled from `vars`. */
export function t(locale: Locale, key: MessageKey, vars: Record<string, string> = {}): string {
  return dictionaries[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}
