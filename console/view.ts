/** What the sidebar shows: the chat inbox or the callback list. */
export const ConsoleView = {
  Inbox: 'inbox',
  Callbacks: 'callbacks',
} as const;
export type ConsoleView = (typeof ConsoleView)[keyof typeof ConsoleView];
