'use strict';
// The real-n8n harness shared by the end-to-end tests (test/e2e) and the demo (scripts/demo.js).

module.exports = {
	...require('./proc'),
	...require('./host'),
	...require('./pack'),
	...require('./n8n'),
	...require('./server'),
	...require('./fixtures'),
	...require('./registry'),
};
