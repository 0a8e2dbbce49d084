// Removes build output so every build starts from the sources alone.
const { rmSync } = require('fs');
rmSync(require('path').join(__dirname, '..', 'dist'), { recursive: true, force: true });
