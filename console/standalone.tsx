import { render } from 'preact';
import { KnowledgeBaseEditor } from './components/KnowledgeBaseEditor';
import { UnansweredQuestions } from './components/UnansweredQuestions';

/**
 * TEMPORARY (issue 14, until the Sites workspace mounts them on the site page): `/console/#kb=<siteKey>`
 * shows the knowledge-base editor and `/console/#unanswered=<siteKey>` the unanswered questions,
 * alone, for a signed-in admin (the API answers 401/403 otherwise, shown as the error state). The
 * e2e test reaches the components this way. Returns false, rendering nothing, for any other URL.
 */
export function renderStandalone(root: HTMLElement, hash: string): boolean {
  const match = /^#(kb|unanswered)=([A-Za-z0-9_-]{1,64})$/.exec(hash);
  if (match === null) return false;
  const [, view, siteKey = ''] = match;
  render(<main class="kb-standalone">{view === 'kb' ? <KnowledgeBaseEditor siteKey={siteKey} /> : <UnansweredQuestions siteKey={siteKey} />}</main>, root);
  return true;
}
