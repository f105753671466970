// A listener of the Redis-to-WebSocket forwarder, written as its README showed its users: every
// frame is a message whose payload is JSON text. Moving to redcast changes the URL and nothing
// else. Also prints the extensions agreed at the handshake (ws offers permessage-deflate).
const WebSocket = require('ws');

const ws = new WebSocket(process.argv[2]);

ws.on('open', function open() {
  console.log('connected, extensions: ' + ws.extensions);
});

ws.on('message', function message(data) {
  const msg = JSON.parse(data);
  console.log('channel: ' + msg.channel);
  console.log('payload: ' + JSON.stringify(JSON.parse(msg.payload)));
});

ws.on('error', function error(err) {
  console.log('error: ' + err.message);
});
