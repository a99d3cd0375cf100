import express, { type Request, type Response, Router } from 'express';
import * as z from 'zod';
import { Locales } from '../../protocol/codes';
import { replayQuestions, summarizeChange, tryQuestion, validateKnowledgeBase } from '../domain/knowledge-base';
import { AppError } from '../errors';
import type { Agent } from '../store/agents';
import type { Db } from '../store/db';
import { currentVersion, findVersionYaml, listVersions, publishVersion, recentVisitorQuestions } from '../store/knowledge-versions';
import { type Site, findSite } from '../store/sites';
import { requireAgent } from './require-agent';
import { parseBody } from './validate';

/** How many of a site's newest visitor questions a replay runs. */
export const REPLAY_QUESTIONS = 500;
/** Longer messages are not questions a knowledge-base entry is written for. */
const QUESTION_MAX_CHARS = 500;
const YAML_LIMIT = '512kb';

const TryBody = z.strictObject({
  yaml: z.string({ error: 'Send the draft as "yaml".' }).max(512 * 1024),
  text: z.string({ error: 'Send the question as "text".' }).trim().min(1, 'Type a question.').max(QUESTION_MAX_CHARS, `At most ${QUESTION_MAX_CHARS} characters.`),
  locale: z.enum(Locales, { error: `Use one of ${Locales.join(', ')}.` }),
});
const ReplayBody = z.strictObject({ yaml: z.string({ error: 'Send the draft as "yaml".' }).max(512 * 1024) });
const VersionParam = z.string().regex(/^[1-9]\d{0,8}$/, 'A version is a whole number from 1.').transform(Number);
const IfMatch = /^\s*(?:W\/)?"v([1-9]\d{0,8})"\s*$/;

/**
 * `/api/sites/:key/knowledge-base…`: the knowledge base as marketers edit it — the published
 * YAML with its version (ETag), publishing with stale-write detection, history and roll back,
 * and drafts checked, tried and replayed against the site's real questions before publishing.
 *
 * NOTE: mounted before the app's 16 KB JSON parser: a draft travels whole (up to 512 KB).
 */
export function knowledgeRoutes(deps: { db: Db; now: () => Date }): Router {
  const { db, now } = deps;
  const router = Router();
  const yamlBody = express.text({ type: () => true, limit: YAML_LIMIT });
  const jsonBody = express.json({ limit: YAML_LIMIT });

  /**
   * The one place a request's access to a site is decided: an admin, for now.
   * NOTE: wt-a's per-site membership check replaces this function's body.
   */
  async function siteFor(req: Request<{ key: string }>): Promise<{ site: Site; agent: Agent }> {
    const agent = await requireAgent(req, db, now(), 'admin');
    const site = await findSite(db, req.params.key);
    if (site === undefined) throw new AppError('not_found', 404, `No site "${req.params.key}".`);
    return { site, agent };
  }

  router.get('/:key/knowledge-base', async (req, res) => {
    const { site } = await siteFor(req);
    res.set('ETag', `"v${await currentVersion(db, site.key)}"`).set('Cache-Control', 'no-store');
    res.type('text/yaml').send(site.knowledgeBase);
  });

  router.put('/:key/knowledge-base', yamlBody, async (req, res) => {
    const { site, agent } = await siteFor(req);
    const header = req.get('if-match');
    let expected: number | undefined;
    if (header !== undefined) {
      const match = IfMatch.exec(header);
      if (match === null) throw new AppError('invalid_body', 400, 'If-Match: use the ETag of the version you edited, e.g. "v3".');
      expected = Number(match[1]);
    }
    await publish(res, site, agent, typeof req.body === 'string' ? req.body : '', expected, null);
  });

  router.get('/:key/knowledge-base/versions', async (req, res) => {
    const { site } = await siteFor(req);
    const versions = await listVersions(db, site.key);
    if (versions.length === 0) versions.push({ version: 1, authorId: null, authorName: null, summary: 'First version', createdAt: '' });
    res.json({ versions: versions.map(({ version, authorName, summary, createdAt }) => ({ version, authorName, summary, createdAt })) });
  });

  router.get('/:key/knowledge-base/versions/:n', async (req, res) => {
    const { site } = await siteFor(req);
    const version = parseVersion(req.params.n);
    const yaml = (await findVersionYaml(db, site.key, version)) ?? (version === 1 && (await listVersions(db, site.key, 1)).length === 0 ? site.knowledgeBase : undefined);
    if (yaml === undefined) throw new AppError('not_found', 404, `The knowledge base has no version ${version}.`);
    res.set('ETag', `"v${version}"`).type('text/yaml').send(yaml);
  });

  router.post('/:key/knowledge-base/versions/:n/restore', jsonBody, async (req, res) => {
    const { site, agent } = await siteFor(req);
    const version = parseVersion(req.params.n);
    const yaml = await findVersionYaml(db, site.key, version);
    if (yaml === undefined) throw new AppError('not_found', 404, `The knowledge base has no version ${version}.`);
    await publish(res, site, agent, yaml, undefined, version);
  });

  router.post('/:key/knowledge-base/check', yamlBody, async (req, res) => {
    await siteFor(req);
    const checked = validateKnowledgeBase(typeof req.body === 'string' ? req.body : '');
    if (!checked.ok) return invalid(res, checked.problems);
    res.json({ ok: true, entries: checked.kb.entries.length });
  });

  router.post('/:key/knowledge-base/try', jsonBody, async (req, res) => {
    await siteFor(req);
    const body = parseBody(TryBody, req.body);
    const checked = validateKnowledgeBase(body.yaml);
    if (!checked.ok) return invalid(res, checked.problems);
    res.json(await tryQuestion(checked.kb, body.text, body.locale));
  });

  router.post('/:key/knowledge-base/replay', jsonBody, async (req, res) => {
    const { site } = await siteFor(req);
    const body = parseBody(ReplayBody, req.body);
    const draft = validateKnowledgeBase(body.yaml);
    if (!draft.ok) return invalid(res, draft.problems);
    // Each parse of a shop-sized knowledge base takes tens of milliseconds: one per turn of the event loop.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const published = validateKnowledgeBase(site.knowledgeBase);
    // A live text that no longer validates answers nothing; every draft answer is then "new".
    const before = published.ok ? published.kb : { ...draft.kb, entries: [] };
    const questions = await recentVisitorQuestions(db, site.key, REPLAY_QUESTIONS, QUESTION_MAX_CHARS);
    res.json(await replayQuestions(before, draft.kb, questions));
  });

  async function publish(res: Response, site: Site, agent: Agent, yaml: string, expected: number | undefined, restoring: number | null): Promise<void> {
    const checked = validateKnowledgeBase(yaml);
    if (!checked.ok) return invalid(res, checked.problems);
    const kb = checked.kb;
    const input = {
      siteKey: site.key,
      yaml,
      authorId: agent.id,
      expected,
      summarize: (previous: string) => `${restoring === null ? '' : `Restored version ${restoring}: `}${summarizeChange(previous, kb)}`,
    };
    let result: Awaited<ReturnType<typeof publishVersion>>;
    try {
      result = await publishVersion(db, input, now());
    } catch (error) {
      // A store that runs transactions side by side refuses the second writer of a version with
      // its primary key: when someone did publish since, that is the stale answer, not a 500.
      const [newest] = await listVersions(db, site.key, 1);
      if (expected === undefined || newest === undefined || newest.version === expected) throw error;
      result = { kind: 'stale', current: newest };
    }
    if (result === undefined) throw new AppError('not_found', 404, `No site "${site.key}".`);
    if ('kind' in result) {
      const { current } = result;
      const who = current.authorName ?? 'Someone';
      res.status(409).json({
        error: {
          code: 'stale_knowledge_base',
          message: `${who} published version ${current.version} at ${current.createdAt} since you opened version ${expected ?? '?'}. Reload to see their changes; nothing was saved.`,
          current: { version: current.version, authorName: current.authorName, createdAt: current.createdAt, summary: current.summary },
        },
      });
      return;
    }
    res.set('ETag', `"v${result.version}"`).json({ ok: true, entries: kb.entries.length, version: result.version, summary: result.summary });
  }

  return router;
}

function parseVersion(text: string): number {
  const parsed = VersionParam.safeParse(text);
  if (!parsed.success) throw new AppError('not_found', 404, 'A version is a whole number from 1.');
  return parsed.data;
}

/** 400 with every problem, one line each: the same answer as publishing an invalid text. */
function invalid(res: Response, problems: readonly string[]): void {
  res.status(400).json({ error: { code: 'invalid_knowledge_base', message: problems.join('\n'), problems } });
}
