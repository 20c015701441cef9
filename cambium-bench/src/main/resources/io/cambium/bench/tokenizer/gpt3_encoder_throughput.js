// The reference side of io.cambium.bench.tokenizer.TokenizerThroughput: encodes the lines of a
// text file with the npm package gpt-3-encoder, one timed pass per "run" line read from stdin,
// and answers each with one JSON line {"seconds", "tokens", "checksum"}.
//   NODE_PATH=tools/fixtures/tokenizer/node_modules node gpt3_encoder_throughput.js FILE
'use strict';
const fs = require('fs');
const readline = require('readline');
const {encode} = require('gpt-3-encoder');

const text = fs.readFileSync(process.argv[2], 'utf8');
// Lines with their line breaks, as the Java side splits them.
const lines = text.split(/(?<=\n)/);

function pass() {
  const start = process.hrtime.bigint();
  let tokens = 0;
  let checksum = 0;
  for (const line of lines) {
    const ids = encode(line);
    for (const id of ids) {
      checksum = (Math.imul(checksum, 31) + id) | 0;
    }
    tokens += ids.length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return {seconds, tokens, checksum};
}

const rl = readline.createInterface({input: process.stdin});
process.stdout.write(JSON.stringify({ready: true, lines: lines.length, node: process.version}) + '\n');
rl.on('line', cmd => {
  if (cmd.trim() === 'run') {
    process.stdout.write(JSON.stringify(pass()) + '\n');
  } else {
    process.exit(0);
  }
});
