/** A relative link of a markdown page: `[text](docs/sessions.md#options)`. */
export interface MarkdownLink {
  line: number;
  /** The file part, relative to the page ('' for a link within the page). */
  path: string;
  /** The part after `#`, if any. */
  anchor?: string;
}

const LINK = /\]\(([^)\s]+)\)/g;
const EXTERNAL = /^[a-z][a-z0-9+.-]*:/i;

/** The page's links to files of the repository (not `https:`, `mailto:`...), outside code. */
export function relativeLinks(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  outsideCode(markdown).forEach((text, index) => {
    for (const [, target] of text.matchAll(LINK)) {
      if (EXTERNAL.test(target)) continue;
      const [path, anchor] = target.split('#', 2) as [string, string | undefined];
      links.push({ line: index + 1, path, ...(anchor === undefined ? {} : { anchor }) });
    }
  });
  return links;
}

/**
 * The anchors GitHub gives a page: one per heading (lower case, punctuation dropped, spaces
 * as hyphens, `-1`, `-2` for repeats) and every explicit `id="..."`.
 */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const text of outsideCode(markdown)) {
    for (const [, id] of text.matchAll(/\bid="([^"]+)"/g)) anchors.add(id);
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (!heading) continue;
    const slug = heading[1]
      .toLowerCase()
      .replace(/<[^>]*>/g, '')
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** The page's lines, with the lines of fenced code blocks blanked (their links and `#` are code). */
function outsideCode(markdown: string): string[] {
  let fence: string | undefined;
  return markdown.split(/\r?\n/).map((text) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(text)?.[1];
    if (fence === undefined && marker) {
      fence = marker;
      return '';
    }
    if (fence !== undefined) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && text.trim() === marker) fence = undefined;
      return '';
    }
    return text.replace(/`[^`]*`/g, (code) => (code.includes('](') ? '' : code));
  });
}
