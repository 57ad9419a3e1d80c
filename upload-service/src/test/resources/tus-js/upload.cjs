// Drives tus-js-client (Node) against the upload service for RealClientsTest.
// usage: node upload.cjs <endpoint> <file> <uploadtoken> <apitoken> <scenario>
// prints "URL <upload url>" on success, exits non-zero with the error otherwise.
'use strict';
const fs = require('fs');
const tus = require('tus-js-client');

const [, , endpoint, file, uploadToken, apiToken, scenario] = process.argv;
const metadata = { filename: require('path').basename(file), uploadtoken: uploadToken, apitoken: apiToken };

function upload(options) {
  return new Promise((resolve, reject) => {
    const u = new tus.Upload(fs.createReadStream(file), Object.assign({
      endpoint,
      metadata,
      retryDelays: [0, 1000, 3000],
      onError: reject,
      onSuccess: () => resolve(u.url),
    }, options));
    if (options.onUpload) {
      options.onUpload(u);
    }
    u.start();
  });
}

async function main() {
  let url;
  switch (scenario) {
    case 'single':
      url = await upload({});
      break;
    case 'chunks64':
      url = await upload({ chunkSize: 64 * 1024 * 1024 });
      break;
    case 'override':
      url = await upload({ overridePatchMethod: true, chunkSize: 8 * 1024 * 1024 });
      break;
    case 'during-creation':
      url = await upload({ uploadDataDuringCreation: true, chunkSize: 16 * 1024 * 1024 });
      break;
    case 'abort-resume': {
      // Abort after the first of several PATCHes has been stored: on an idle machine a single PATCH of the whole file
      // finishes before any progress event could abort it, so the abort point must not depend on timing.
      const first = await new Promise((resolve, reject) => {
        let done = false;
        const u = new tus.Upload(fs.createReadStream(file), {
          endpoint, metadata, retryDelays: null, chunkSize: 8 * 1024 * 1024,
          onError: reject,
          onSuccess: () => reject(new Error('finished before the abort')),
          onChunkComplete: (chunk, accepted, total) => {
            if (!done && u.url && accepted < total) {
              done = true;
              u.abort(false).then(() => resolve(u.url), reject);
            }
          },
        });
        u.start();
      });
      console.log('ABORTED ' + first);
      url = await upload({ uploadUrl: first });
      if (url !== first) {
        throw new Error('resumed into another upload: ' + url);
      }
      break;
    }
    default:
      throw new Error('unknown scenario ' + scenario);
  }
  console.log('URL ' + url);
}

main().catch((e) => {
  console.error('tus-js-client failed: ' + (e && e.stack ? e.stack : e));
  process.exit(1);
});
