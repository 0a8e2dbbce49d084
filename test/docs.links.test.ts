// The documentation's links: in README.md, CHANGELOG.md and every docs/*.md, each relative link names
// a file that exists, and each #anchor (in the same file or another) is the id GitHub gives one of
// the target's headings. No network: links with a scheme (https:, mailto:) are not fetched. Also:
// the README stays short, links every file of docs/, and has the headings the nodes' and the
// credential's documentation URLs point at.
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import path from 'path';

const root = path.resolve(__dirname, '..');
const README_MAX_LINES = 260;

/** The Markdown files the tests read, relative to the project, in '/' form. */
function documents(): string[] {
	const docs = existsSync(path.join(root, 'docs'))
		? readdirSync(path.join(root, 'docs'))
				.filter((name) => name.endsWith('.md'))
				.sort()
				.map((name) => `docs/${name}`)
		: [];
	return ['README.md', 'CHANGELOG.md', ...docs];
}

const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/**
 * The lines of a Markdown text outside fenced code blocks (``` or ~~~), each with its line number;
 * a line inside a fence is neither a heading nor a place for links.
 */
function proseLines(text: string): Array<{ line: string; number: number }> {
	const result: Array<{ line: string; number: number }> = [];
	let fence: string | undefined;
	text.split('\n').forEach((line, index) => {
		const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line);
		if (fence) {
			if (
				marker &&
				marker[1][0] === fence[0] &&
				marker[1].length >= fence.length &&
				!/\S/.test(line.slice(marker[0].length))
			) {
				fence = undefined;
			}
			return;
		}
		if (marker) {
			fence = marker[1];
			return;
		}
		result.push({ line, number: index + 1 });
	});
	return result;
}

/** A heading's text as GitHub renders it: inline Markdown (code, emphasis, links, images) unwrapped. */
function headingText(markdown: string): string {
	return markdown
		.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1') // images: their alt text
		.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // links: their text
		.replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1') // reference links
		.replace(/`([^`]*)`/g, '$1') // code spans
		.replace(/<\/?[A-Za-z][^>]*>/g, '') // inline HTML tags
		.replace(/\*\*(.+?)\*\*/g, '$1') // strong
		.replace(/(^|\W)__(.+?)__(?!\w)/g, '$1$2')
		.replace(/\*(.+?)\*/g, '$1') // emphasis; _ only at word edges, as in snake_case it is a letter
		.replace(/(^|\W)_(.+?)_(?!\w)/g, '$1$2')
		.trim();
}

/**
 * GitHub's id for a heading (github-slugger): lowercase; every character that is not a letter, a
 * mark, a number, a connector (`_`), a space or `-` dropped; each space becomes `-`. The n-th
 * repeat of an id in one file gets `-n`.
 */
function githubSlug(text: string): string {
	return headingText(text)
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
		.replace(/ /g, '-');
}

/** The anchors a file offers: its headings' ids, with GitHub's -1, -2 for repeats, and HTML ids. */
function anchorsOf(text: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	const lines = proseLines(text);
	lines.forEach(({ line }, index) => {
		let heading: string | undefined;
		const atx = /^ {0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$/.exec(line);
		if (atx) heading = atx[1] ?? '';
		else if (
			index > 0 &&
			/^ {0,3}(=+|-+)\s*$/.test(line) &&
			lines[index - 1].line.trim() !== '' &&
			lines[index - 1].number === lines[index].number - 1
		) {
			// A setext heading: the line above, underlined with = or -. (A lone --- after a blank line
			// is a rule, and a table's |---| line has pipes, so neither matches.)
			const above = lines[index - 1].line;
			if (!/^\s*[|>*+-]/.test(above)) heading = above.trim();
		}
		if (heading !== undefined) {
			const base = githubSlug(heading);
			const count = seen.get(base) ?? 0;
			anchors.add(count === 0 ? base : `${base}-${count}`);
			seen.set(base, count + 1);
		}
		for (const match of line.matchAll(/<a\s[^>]*(?:name|id)="([^"]+)"/gi)) anchors.add(match[1]);
	});
	return anchors;
}

/** The .ts and .json files under a folder of the project, relative to it. */
function sourceFiles(dir: string): string[] {
	return readdirSync(path.join(root, dir)).flatMap((name) => {
		const relative = `${dir}/${name}`;
		if (statSync(path.join(root, relative)).isDirectory()) return sourceFiles(relative);
		return /\.(ts|json)$/.test(name) ? [relative] : [];
	});
}

interface Link {
	file: string;
	line: number;
	target: string;
}

/** Every link and image of a Markdown file outside code: inline `[x](target)` and `[x]: target` definitions. */
function linksOf(file: string): Link[] {
	const links: Link[] = [];
	for (const { line, number } of proseLines(read(file))) {
		const prose = line.replace(/(`+)[\s\S]*?\1/g, ''); // code spans hold no links
		const definition = /^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/.exec(prose);
		if (definition) links.push({ file, line: number, target: definition[1] });
		for (const match of prose.matchAll(/\]\(\s*(<[^>]*>|[^\s)]*)(?:\s+"[^"]*")?\s*\)/g)) {
			links.push({ file, line: number, target: match[1].replace(/^<|>$/g, '') });
		}
	}
	return links;
}

const isExternal = (target: string) =>
	/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');

/** What is wrong with a relative link, or undefined when it resolves. */
function problemWith(link: Link, anchorCache: Map<string, Set<string>>): string | undefined {
	const hashAt = link.target.indexOf('#');
	const filePart = hashAt === -1 ? link.target : link.target.slice(0, hashAt);
	const anchor = hashAt === -1 ? undefined : decodeURIComponent(link.target.slice(hashAt + 1));
	const relative = decodeURIComponent(filePart.split('?')[0]);
	const resolved =
		relative === ''
			? path.join(root, link.file)
			: path.resolve(path.dirname(path.join(root, link.file)), relative);
	const shown = path.relative(root, resolved).split(path.sep).join('/');
	if (!resolved.startsWith(root + path.sep) && resolved !== root)
		return `${link.target} leaves the project`;
	if (!existsSync(resolved)) return `${link.target}: no file ${shown}`;
	if (anchor === undefined) return undefined;
	if (anchor === '') return `${link.target}: an empty #anchor`;
	if (statSync(resolved).isDirectory() || !resolved.endsWith('.md')) {
		return `${link.target}: #${anchor} points into ${shown}, which is not a Markdown file`;
	}
	if (!anchorCache.has(resolved))
		anchorCache.set(resolved, anchorsOf(readFileSync(resolved, 'utf8')));
	if (!anchorCache.get(resolved)!.has(anchor))
		return `${link.target}: ${shown} has no heading #${anchor}`;
	return undefined;
}

describe('githubSlug, as GitHub gives headings their ids', () => {
	it.each([
		['Installation', 'installation'],
		['The node: Completion > Create', 'the-node-completion--create'],
		['Content > Create or Update: real batches', 'content--create-or-update-real-batches'],
		[
			'Unknown outcomes: read back before sending again',
			'unknown-outcomes-read-back-before-sending-again',
		],
		["Lint: n8n's verification rules", 'lint-n8ns-verification-rules'],
		['Queue mode by hand: `npm run cluster`', 'queue-mode-by-hand-npm-run-cluster'],
		[
			'Release tarball (air-gapped or behind a firewall)',
			'release-tarball-air-gapped-or-behind-a-firewall',
		],
		['snake_case and **bold** [a link](x.md)', 'snake_case-and-bold-a-link'],
		['1.123.81, the last 1.x', '112381-the-last-1x'],
		['_emphasis_ on a_b_c, 1 < 2 > 0', 'emphasis-on-a_b_c-1--2--0'],
	])('%s -> %s', (heading, slug) => {
		expect(githubSlug(heading)).toBe(slug);
	});

	it('finds a missing file or heading, and accepts what exists', () => {
		const check = (target: string) =>
			problemWith({ file: 'README.md', line: 1, target }, new Map());
		expect(check('#installation')).toBeUndefined();
		expect(check('docs/operations.md#options')).toBeUndefined();
		expect(check('LICENSE')).toBeUndefined();
		expect(check('#no-such-heading')).toBe(
			'#no-such-heading: README.md has no heading #no-such-heading',
		);
		expect(check('docs/operations.md#no-such-heading')).toMatch(
			/docs\/operations\.md has no heading/,
		);
		expect(check('docs/no-such-file.md')).toMatch(/no file docs\/no-such-file\.md/);
		expect(check('LICENSE#mit')).toMatch(/not a Markdown file/);
	});

	it('numbers repeated headings -1, -2 and ignores headings inside code blocks', () => {
		const anchors = anchorsOf(
			[
				'# Options',
				'',
				'## Options',
				'```sh',
				'# Options',
				'```',
				'### Options',
				'Setext',
				'---',
			].join('\n'),
		);
		expect([...anchors].sort()).toEqual(['options', 'options-1', 'options-2', 'setext']);
	});
});

describe('documentation links', () => {
	const files = documents();

	it('reads README.md, CHANGELOG.md and the files of docs/', () => {
		expect(files).toEqual(expect.arrayContaining(['README.md', 'CHANGELOG.md']));
		expect(files.filter((file) => file.startsWith('docs/')).length).toBeGreaterThan(0);
	});

	it.each(files)('every relative link and #anchor of %s resolves', (file) => {
		const anchorCache = new Map<string, Set<string>>();
		const problems = linksOf(file)
			.filter((link) => !isExternal(link.target))
			.map((link) => {
				const problem = problemWith(link, anchorCache);
				return problem && `${link.file}:${link.line}: ${problem}`;
			})
			.filter(Boolean);
		expect(problems).toEqual([]);
	});

	it(`README.md is at most ${README_MAX_LINES} lines`, () => {
		const lines = read('README.md').replace(/\n$/, '').split('\n').length;
		expect(lines).toBeLessThanOrEqual(README_MAX_LINES);
	});

	it('README.md links every file of docs/, so each is one click away', () => {
		const linked = new Set(
			linksOf('README.md')
				.filter((link) => !isExternal(link.target))
				.map((link) => path.posix.normalize(link.target.split('#')[0])),
		);
		const unlinked = files.filter((file) => file.startsWith('docs/') && !linked.has(file));
		expect(unlinked).toEqual([]);
	});

	it("the nodes' and the credential's documentation URLs point at README headings", () => {
		const homepage = (require('../package.json') as { homepage: string }).homepage.replace(
			/#.*$/,
			'',
		);
		const readmeAnchors = anchorsOf(read('README.md'));
		const sources = ['nodes', 'credentials'].flatMap(sourceFiles);
		const urls = sources.flatMap((file) =>
			[...read(file).matchAll(/https:\/\/github\.com\/[^\s'"`)]+/g)].map((match) => ({
				file,
				url: match[0],
			})),
		);
		expect(urls.length).toBeGreaterThan(0);
		const broken = urls
			.filter(({ url }) => url.startsWith(homepage))
			.filter(({ url }) => {
				const anchor = url.split('#')[1];
				return anchor !== undefined && anchor !== 'readme' && !readmeAnchors.has(anchor);
			})
			.map(({ file, url }) => `${file}: ${url}`);
		expect(broken).toEqual([]);
	});
});
