// One upload with tus-js-client (Node) through the gateway, for SdkFlowTest.
// usage: node upload.cjs <endpoint> <file> <uploadtoken> <apitoken>
// prints "URL <upload url>" on success, exits non-zero with the error otherwise.
'use strict';
const fs = require('fs');
const tus = require('tus-js-client');

const [, , endpoint, file, uploadToken, apiToken] = process.argv;

new Promise((resolve, reject) => {
  const upload = new tus.Upload(fs.createReadStream(file), {
    endpoint,
    metadata: { uploadtoken: uploadToken, apitoken: apiToken },
    chunkSize: 256 * 1024,
    retryDelays: [0, 1000, 3000],
    onError: reject,
    onSuccess: () => resolve(upload.url),
  });
  upload.start();
}).then((url) => {
  console.log('URL ' + url);
}, (e) => {
  console.error('tus-js-client failed: ' + (e && e.stack ? e.stack : e));
  process.exit(1);
});
