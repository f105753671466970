// What the users of the Go chat and of the Node relay typed into a browser console, on Node's ws
// (the same WebSocket API):
//
//   let socket = new WebSocket("ws://localhost:8080/chat?username=wael");
//   socket.onmessage = function(event) { console.log(event.data); };
//   socket.send('{"command": 0, "channel": "new_channel1"}');
//
// Every line of standard input is sent as a text frame once the socket is open ("!binary HEX"
// sends bytes, "!close" closes); every frame received is printed as "message DATA" (binary ones as
// "binary HEX"). The URL is the first argument; a second argument "no-deflate" stops ws from
// offering permessage-deflate.
const WebSocket = require('ws');
const readline = require('readline');

const socket = new WebSocket(process.argv[2], {
  perMessageDeflate: process.argv[3] !== 'no-deflate',
});

socket.onopen = function () {
  console.log('open ' + socket.extensions);
  readline.createInterface({ input: process.stdin }).on('line', function (line) {
    if (line === '!close') {
      socket.close();
    } else if (line.startsWith('!binary ')) {
      socket.send(Buffer.from(line.substring(8), 'hex'));
    } else {
      socket.send(line);
    }
  });
};

socket.onmessage = function (event) {
  if (typeof event.data === 'string') {
    console.log('message ' + event.data);
  } else {
    console.log('binary ' + Buffer.from(event.data).toString('hex'));
  }
};

socket.onclose = function (event) {
  console.log('close ' + event.code);
  process.exit(0);
};

socket.onerror = function (event) {
  console.log('error ' + event.message);
};
