'use strict';

const NAMES = [
	['Ada', 'Lovelace'], ['Grace', 'Hopper'], ['Alan', 'Turing'], ['Katherine', 'Johnson'],
	['Edsger', 'Dijkstra'], ['Barbara', 'Liskov'], ['Donald', 'Knuth'], ['Margaret', 'Hamilton'],
	['Tim', 'Berners-Lee'], ['Radia', 'Perlman'], ['Dennis', 'Ritchie'], ['Frances', 'Allen'],
	['John', 'McCarthy'], ['Hedy', 'Lamarr'], ['Ken', 'Thompson'], ['Adele', 'Goldberg'],
	['Claude', 'Shannon'], ['Shafi', 'Goldwasser'], ['Niklaus', 'Wirth'], ['Annie', 'Easley'],
];

const BASE_TIME = Date.UTC(2024, 0, 1, 9, 0, 0);
const DAY = 24 * 60 * 60 * 1000;

function pad(n) {
	return String(n).padStart(4, '0');
}

function iso(ms) {
	return new Date(ms).toISOString();
}

function emailLocalPart(first, last) {
	return `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
}

// Deterministic so tests and benchmarks can rely on ids, emails and dates.
function seedUsers(count) {
	const users = [];
	for (let i = 1; i <= count; i++) {
		const [first, last] = NAMES[(i - 1) % NAMES.length];
		users.push({
			id: `usr_${pad(i)}`,
			remote_id: `remote-user-${pad(i)}`,
			external_reference: `emp-${pad(i)}`,
			name: `${first} ${last}`,
			email: `${emailLocalPart(first, last)}${i}@example.com`,
			active: i % 10 !== 0,
			created_at: iso(BASE_TIME + i * 60 * 1000),
			updated_at: iso(BASE_TIME + i * DAY),
		});
	}
	const extra = [
		// Ids that would change the request path if a client failed to encode them.
		{ id: '../x', email: 'dot.dot@example.com', name: 'Dot Dot' },
		{ id: 'a/b c', email: 'slash.space@example.com', name: 'Slash Space' },
		// Two accounts sharing one inbox: an email lookup is ambiguous.
		{ id: 'usr_dup_a', email: 'shared.inbox@example.com', name: 'Shared Inbox A' },
		{ id: 'usr_dup_b', email: 'shared.inbox@example.com', name: 'Shared Inbox B' },
	];
	extra.forEach((u, k) => {
		users.push({
			id: u.id,
			remote_id: `remote-extra-${k + 1}`,
			external_reference: `extra-${k + 1}`,
			name: u.name,
			email: u.email,
			active: true,
			created_at: iso(BASE_TIME),
			updated_at: iso(BASE_TIME + (count + k + 1) * DAY),
		});
	});
	return users;
}

const CONTENT_TYPES = [
	['video', 'Video'], ['quiz', 'Assessment'], ['document', 'PDF'], ['audio', 'Podcast'], ['article', 'Article'],
];

const TITLES = [
	'Security Awareness Basics', 'GDPR Essentials', 'Fire Safety', 'Code Review Practice',
	'Incident Response 101', 'Writing Good Tickets', 'Accessibility Fundamentals', 'Onboarding Tour',
	'Effective Feedback', 'Data Retention Policy', 'Phishing Quiz', 'First Aid Refresher',
];

function seedContent() {
	return TITLES.map((title, k) => {
		const i = k + 1;
		const [value, source] = CONTENT_TYPES[k % CONTENT_TYPES.length];
		return {
			id: `cnt_${pad(i)}`,
			remote_id: `remote-content-${pad(i)}`,
			external_reference: `course-${pad(i)}`,
			title,
			description: `${title} (sandbox learning object).`,
			active: i % 6 !== 0,
			content_type: { value, source_value: source },
			content_url: `https://lms.example.com/content/${pad(i)}`,
			created_at: iso(BASE_TIME),
			updated_at: iso(BASE_TIME + i * DAY),
		};
	});
}

module.exports = { seedUsers, seedContent };
