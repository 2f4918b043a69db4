import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type * as restify from 'restify';
import type { Directory } from '../directory/directory';
import type { DocumentLinkSigner } from '../knowledge/documents/document-links';
import { escapeHtml, markdownPage } from '../knowledge/documents/markdown-page';
import { readFrontMatter } from '../knowledge/ingest/parse-markdown';
import { titleFromFileName } from '../knowledge/ingest/heading-anchors';
import type { Logger } from '../observability/logger';
import type { HttpRouteRegistrar } from './http-server';

/** Pages and files: no scripts, no plugins, no framing, nothing loaded from elsewhere. */
const DOCUMENT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/** Uploaded HTML runs in a sandbox: a unique origin with scripts, forms and pop-ups all disabled. */
const SANDBOXED_CSP = `sandbox; ${DOCUMENT_CSP}`;

const TYPES: Record<string, string> = {
  '.txt': 'text/plain; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.pdf': 'application/pdf',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export interface PlaybookRouteOptions {
  dir: string;
  links: DocumentLinkSigner;
  directory: Pick<Directory, 'groupsOf'>;
  logger: Logger;
}

function secureHeaders(res: restify.Response, csp: string): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', csp);
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

/** A short HTML page with one plain sentence, for refusals (the body never names the document's audience or contents). */
function sendNotice(res: restify.Response, status: number, title: string, sentence: string): void {
  secureHeaders(res, DOCUMENT_CSP);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.writeHead(status);
  res.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem"><h1 style="font-size:1.4rem">${escapeHtml(title)}</h1><p>${escapeHtml(sentence)}</p></body></html>`,
  );
}

/**
 * GET /playbooks/<file>: the documents citations link to. Markdown is rendered as a readable page (front matter
 * hidden); a document whose front matter names an `audience` opens only through a link the bot signed for a
 * person in that audience, and only until the link expires. Every response carries nosniff and a restrictive CSP;
 * HTML files are sandboxed and Word files are downloads.
 */
export function playbookRoute(options: PlaybookRouteOptions): HttpRouteRegistrar {
  const root = path.resolve(options.dir);
  return (server) => {
    server.get('/playbooks/*', async (req: restify.Request, res: restify.Response) => {
      let rel: string;
      try {
        rel = decodeURIComponent((req.params as Record<string, string>)['*'] ?? '');
      } catch {
        sendNotice(res, 404, 'No such playbook', 'There is no playbook at this address.');
        return;
      }
      const file = path.resolve(root, rel);
      const ext = path.extname(file).toLowerCase();
      const stat = await fs.stat(file).catch(() => undefined);
      if (!file.startsWith(root + path.sep) || !(ext === '.md' || ext in TYPES) || !stat?.isFile()) {
        sendNotice(res, 404, 'No such playbook', 'There is no playbook at this address.');
        return;
      }
      const source = path.relative(root, file).split(path.sep).join('/');
      if (ext !== '.md') {
        secureHeaders(res, ext === '.html' ? SANDBOXED_CSP : DOCUMENT_CSP);
        res.setHeader('Content-Type', TYPES[ext]);
        res.setHeader('Cache-Control', 'no-cache');
        if (ext === '.docx')
          res.setHeader(
            'Content-Disposition',
            `attachment; filename="${path.basename(file).replace(/[^\w.-]/g, '_')}"`,
          );
        res.writeHead(200);
        res.end(await fs.readFile(file));
        return;
      }
      const text = await fs.readFile(file, 'utf8');
      let front: ReturnType<typeof readFrontMatter>;
      try {
        front = readFrontMatter(text);
      } catch (err) {
        options.logger.warn('playbook not served: its front matter is not valid', {
          source,
          reason: (err as Error).message,
        });
        sendNotice(res, 404, 'No such playbook', 'This playbook cannot be shown right now. Please tell the CoE team.');
        return;
      }
      const audience = front.data.audience;
      if (audience) {
        const check = options.links.verify(source, req.query as Record<string, unknown>);
        if (!check.ok) {
          options.logger.info('restricted playbook refused', { source, reason: check.reason });
          if (check.reason === 'expired')
            sendNotice(
              res,
              403,
              'This link has expired',
              'Links to restricted playbooks work for a short time only. Ask CoE Assistant your question again in Teams for a fresh link.',
            );
          else
            sendNotice(
              res,
              403,
              'This playbook is restricted',
              'Open it from a citation in a CoE Assistant answer in Teams; those links are made for you and work for a short time.',
            );
          return;
        }
        if (!options.directory.groupsOf(check.personId).includes(audience)) {
          options.logger.info('restricted playbook refused', { source, reason: 'not in audience' });
          sendNotice(
            res,
            403,
            'This playbook is restricted',
            'This link was made for someone who may no longer open this playbook.',
          );
          return;
        }
      }
      secureHeaders(res, DOCUMENT_CSP);
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.setHeader('Cache-Control', audience ? 'private, no-store' : 'no-cache');
      res.writeHead(200);
      res.end(
        markdownPage({
          title:
            front.data.title ??
            /^#\s+(.+)$/m.exec(text.slice(front.bodyStart))?.[1]?.trim() ??
            titleFromFileName(source),
          bodyMarkdown: text.slice(front.bodyStart),
          owner: front.data.owner,
          lastReviewed: front.data.last_reviewed,
        }),
      );
    });
  };
}
