// Extension-test entry point (runTests' extensionTestsPath): the extension host require()s this file and
// awaits run(). Runs every test/vscode/suite/*.test.cjs with mocha; OWNLESS_TEST_GREP filters by title.
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

exports.run = function run() {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false, // the output is forwarded line by line
    timeout: 60000,
    ...(process.env.OWNLESS_TEST_GREP ? { grep: process.env.OWNLESS_TEST_GREP } : {}),
  });
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.cjs'));
  for (const f of files.sort()) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      // one plain summary line; test/e2e/ext-host.mjs repeats it at the end
      console.log(`${runner.stats.passes} passed, ${runner.stats.failures} failed`);
      if (failures) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
  });
};
