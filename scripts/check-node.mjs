// Runs before npm start/test/build. npm puts node_modules/.bin first on PATH, so the project's own
// Node 24 (the `node` devDependency, matching the Lambda runtime nodejs24.x) is what runs here.
// Under an older Node, vitest and aws-local-stepfunctions crash with cryptic errors; say why instead.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  console.error(
    [
      `CTS needs Node 24 (the Lambda runtime); this is Node ${process.versions.node}.`,
      'The project installs its own Node 24 as a devDependency. Fix it with:',
      '  npm ci            (do not pass --ignore-scripts: the node package installs its binary in a script)',
      'then run the command again through npm (npm start, npm test), not ./node_modules/.bin/... directly.',
    ].join('\n'),
  );
  process.exit(1);
}
