const path = require('path');
const { task, src, dest } = require('gulp');

task('build:icons', copyIcons);

function copyIcons() {
	const nodeSource = path.resolve('icons', '**', '*.{png,svg}');
	const nodeDestination = path.resolve('dist', 'icons');
	return src(nodeSource, { encoding: false }).pipe(dest(nodeDestination));
}
