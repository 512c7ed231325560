'use strict';
// Loads the compiled addon (build/tenuo_node.node, made by `make node`); TENUO_NODE_ADDON
// overrides the path. The addon finds libtenuo.so through its rpath (build/lib of the repo).
const path = require('node:path');

const file = process.env.TENUO_NODE_ADDON || path.join(__dirname, '..', 'build', 'tenuo_node.node');
let native;
try {
  native = require(file);
} catch (err) {
  err.message = `tenuo: cannot load the native addon ${file} (build it with \`make node\` ` +
    `at the repository root): ${err.message}`;
  throw err;
}
module.exports = native;
