'use strict';

const NAMES = [
	['Ada', 'Lovelace'], ['Grace', 'Hopper'], ['Alan', 'Turing'], ['Katherine', 'Johnson'],
	['Edsger', 'Dijkstra'], ['Barbara', 'Liskov'], ['Donald', 'Knuth'], ['Margaret', 'Hamilton'],
	['Tim', 'Berners-Lee'], ['Radia', 'Perlman'], ['Dennis', 'Ritchie'], ['Frances', 'Allen'],
	['John', 'McCarthy'], ['Hedy', 'Lamarr'], ['Ken', 'Thompson'], ['Adele', 'Goldberg'],
	['Claude', 'Shannon'], ['Shafi', 'Goldwasser'], ['Niklaus', 'Wirth'], ['Annie', 'Easley'],
];

const BASE_TIME = Date.UTC(2024, 0, 1, 9, 0, 0);
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

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
	'Secure Coding in Practice', 'Password Hygiene', 'Remote Work Security', 'Anti-Bribery Training',
	'Workplace Ergonomics', 'Negotiation Skills', 'Public Speaking', 'Time Management',
	'Conflict Resolution', 'Agile Estimation', 'Cloud Cost Basics', 'SQL for Analysts',
	'Unit Testing Patterns', 'Design Systems Tour', 'Customer Empathy', 'Sales Discovery Calls',
	'Handling Objections', 'Expense Policy Walkthrough', 'Manual Handling', 'Mental Health Awareness',
	'Inclusive Hiring', 'Threat Modelling', 'Release Management', 'API Design Basics',
	'Logging and Monitoring', 'Mentoring New Hires', 'Budget Planning', 'Giving Presentations',
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


// The spec's Category and Skills models have no updated_at, yet their lists take
// filter[updated_after]: the provider's own change time is kept here, off the record (the raw
// response shows it).
const providerUpdatedAt = new WeakMap();

function updatedAtOf(record) {
	return record.updated_at || providerUpdatedAt.get(record) || null;
}

const english = () => ({ value: 'en_GB', source_value: 'en-GB' });
const german = () => ({ value: 'de_DE', source_value: 'de-DE' });

const LEVELS = [['primary', 'Level 1'], ['secondary', 'Level 2'], ['tertiary', 'Level 3']];

function level(k) {
	const [value, source] = LEVELS[k % LEVELS.length];
	return { value, source_value: source };
}

const CATEGORY_NAMES = [
	'Compliance', 'Security', 'Leadership', 'Engineering', 'Sales', 'Customer Service',
	'Health and Safety', 'Onboarding', 'Data Privacy', 'Communication', 'Finance', 'Design',
];

const SKILL_NAMES = [
	'JavaScript', 'Python', 'SQL', 'Public Speaking', 'Negotiation', 'Sales Techniques',
	'Customer Service', 'Project Planning', 'Risk Assessment', 'First Aid', 'Data Analysis',
	'Cloud Security', 'Coaching', 'Technical Writing', 'Accessibility Testing',
];

// Categories and skills share one shape: { id, remote_id, name, active, hierarchy, level, language }.
function seedTaxonomy(names, prefix, remotePrefix, daysApart) {
	return names.map((name, k) => {
		const i = k + 1;
		const record = {
			id: `${prefix}_${pad(i)}`,
			remote_id: `${remotePrefix}-${pad(i)}`,
			name,
			active: i % 5 !== 0,
			hierarchy: level(k),
			level: level(k),
			language: english(),
		};
		providerUpdatedAt.set(record, iso(BASE_TIME + i * daysApart * DAY));
		return record;
	});
}

function seedCategories() {
	return seedTaxonomy(CATEGORY_NAMES, 'cat', 'remote-category', 5);
}

function seedSkills() {
	return seedTaxonomy(SKILL_NAMES, 'skl', 'remote-skill', 4);
}

const COURSE_TITLES = [
	'Security Fundamentals', 'Privacy and GDPR', 'Workplace Safety', 'Software Engineering Level 1',
	'Software Engineering Level 2', 'Leadership Essentials', 'Management Bootcamp', 'Sales Foundations',
	'Customer Success', 'Data Literacy', 'Cloud Architecture', 'Frontend Development',
	'Backend Development', 'DevOps Pathway', 'Product Management', 'UX Research',
	'Financial Acumen', 'Communication Mastery', 'Diversity and Inclusion', 'New Starter Onboarding',
	'Project Management', 'Machine Learning Primer', 'Accessibility Champion', 'Incident Commander',
	'Technical Writing', 'Negotiation Masterclass', 'Wellbeing at Work', 'Ethics and Compliance',
	'Quality Assurance', 'Team Coaching',
];

const ref = (record) => ({ id: record.id, name: record.name });

function seedCourses({ content, categories, skills }) {
	return COURSE_TITLES.map((title, k) => {
		const i = k + 1;
		const linked = [content[(2 * k) % content.length], content[(2 * k + 1) % content.length]];
		const [first, last] = NAMES[(3 * k) % NAMES.length];
		return {
			id: `crs_${pad(i)}`,
			remote_id: `remote-course-${pad(i)}`,
			external_reference: `lms-course-${pad(i)}`,
			content_ids: linked.map((c) => c.id),
			remote_content_ids: linked.map((c) => c.remote_id),
			title,
			description: `${title}: a sandbox course.`,
			languages: i % 4 === 0 ? [english(), german()] : [english()],
			cover_url: `https://lms.example.com/covers/course-${pad(i)}.png`,
			url: `https://lms.example.com/courses/${pad(i)}`,
			active: i % 7 !== 0,
			duration: `PT${1 + (i % 8)}H${(i * 15) % 60}M`,
			categories: [ref(categories[k % categories.length])],
			skills: [ref(skills[k % skills.length])],
			provider: 'Sandbox Academy',
			authors: [{ id: `author-${pad(1 + (k % 5))}`, name: `${first} ${last}` }],
			created_at: iso(BASE_TIME - 30 * DAY + i * HOUR),
			// Out of id order, so that an updated_after filter picks records from all over the list.
			updated_at: iso(BASE_TIME + (1 + ((i * 7) % 30)) * 3 * DAY),
		};
	});
}

// [unified status, the provider's own value]; two provider values map to in_progress.
const STATUS_CYCLE = [
	['pending', 'NOT_STARTED'],
	['in_progress', 'IN_PROGRESS'],
	['completed', 'COMPLETED'],
	['in_progress', 'STARTED'],
	['unmapped_value', 'WAIVED'],
];

const PROGRESS = {
	pending: () => 0,
	in_progress: (i) => 10 + ((i * 7) % 80),
	completed: () => 100,
	unmapped_value: () => null,
};

// An assignment's fields that name its learning object, a course or a piece of content.
function learningObjectFields(object, isCourse) {
	return {
		learning_object_type: isCourse
			? { value: 'course', source_value: 'COURSE' }
			: { value: 'content', source_value: 'LEARNING_OBJECT' },
		learning_object_id: object.id,
		remote_learning_object_id: object.remote_id,
		learning_object_external_reference: object.external_reference,
		course_id: isCourse ? object.id : null,
		remote_course_id: isCourse ? object.remote_id : null,
	};
}

// Odd assignments are of a course, even ones of a piece of content.
function learningObject(i, courses, content) {
	const isCourse = i % 2 === 1;
	const object = isCourse ? courses[(i >> 1) % courses.length] : content[(i >> 1) % content.length];
	return learningObjectFields(object, isCourse);
}

function outcome(status, i, doneMs) {
	if (status !== 'completed') return { completed_at: null, result: null, certificate_url: null };
	const passed = i % 20 !== 3;
	return {
		completed_at: iso(doneMs),
		result: passed ? { value: 'Pass', source_value: 'passed' } : { value: 'Fail', source_value: 'failed' },
		certificate_url: passed ? `https://lms.example.com/certificates/${pad(i)}.pdf` : null,
	};
}

// Spread over every user in turn (the special ones too), every status in turn.
function seedAssignments({ users, courses, content }, count = 250) {
	const assignments = [];
	for (let i = 1; i <= count; i++) {
		const user = users[(i - 1) % users.length];
		const [status, source] = STATUS_CYCLE[(i - 1) % STATUS_CYCLE.length];
		const assignedMs = BASE_TIME + i * 6 * HOUR;
		const updatedMs = assignedMs + ((i * 37) % 50) * DAY;
		assignments.push({
			id: `asg_${pad(i)}`,
			remote_id: `remote-assignment-${pad(i)}`,
			external_reference: `assignment-${pad(i)}`,
			user_id: user.id,
			remote_user_id: user.remote_id,
			...learningObject(i, courses, content),
			status: { value: status, source_value: source },
			progress: PROGRESS[status](i),
			assigned_at: iso(assignedMs),
			due_date: iso(assignedMs + 30 * DAY),
			...outcome(status, i, updatedMs),
			created_at: iso(assignedMs),
			updated_at: iso(updatedMs),
		});
	}
	return assignments;
}

// Every seeded kind, linked to each other (courses list content, assignments name users).
function seedAll(userCount) {
	const users = seedUsers(userCount);
	const content = seedContent();
	const categories = seedCategories();
	const skills = seedSkills();
	const courses = seedCourses({ content, categories, skills });
	const assignments = seedAssignments({ users, courses, content });
	return { users, content, courses, assignments, categories, skills };
}

module.exports = {
	seedAll,
	seedUsers,
	seedContent,
	seedCourses,
	seedAssignments,
	seedCategories,
	seedSkills,
	updatedAtOf,
	learningObjectFields,
	pad,
};
