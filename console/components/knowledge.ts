/**
 * The knowledge-base editor and the unanswered questions, as one module the site page loads when
 * one of their tabs is first opened (components/sites/lazyKnowledge.ts): they bring the YAML
 * parser, which most console sessions never need.
 */
export { KnowledgeBaseEditor } from './KnowledgeBaseEditor';
export { UnansweredQuestions } from './UnansweredQuestions';
