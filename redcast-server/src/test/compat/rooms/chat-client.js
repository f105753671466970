// The browser client of the Pub/Sub + Streams chat-room server, written the way the tutorial wrote
// it: a ChatClient class that names itself in its first frame, joins rooms, asks for their history,
// sends messages and shows what arrives. Moving to redcast changes one line, the URL in connect().
class ChatClient {
  constructor(userId, username) {
    this.userId = userId;
    this.username = username;
    this.socket = null;
    this.currentRoom = null;
  }

  connect() {
    this.socket = new WebSocket(SERVER_URL); // was: new WebSocket('ws://localhost:8765')

    this.socket.onopen = () => {
      this.socket.send(JSON.stringify({
        type: 'auth',
        user_id: this.userId,
        username: this.username,
      }));
    };

    this.socket.onmessage = (event) => {
      this.handleMessage(JSON.parse(event.data));
    };

    this.socket.onclose = () => {
      setTimeout(() => this.connect(), 3000);
    };
  }

  handleMessage(data) {
    switch (data.type) {
      case 'auth_success':
        document.getElementById('state').textContent = 'authenticated';
        break;
      case 'chat_message':
        this.displayMessage(data);
        break;
      case 'user_joined':
        this.displaySystemMessage(`${data.username} joined the room`);
        break;
      case 'room_history':
        this.displayHistory(data.messages);
        break;
    }
  }

  joinRoom(roomId) {
    this.currentRoom = roomId;
    this.socket.send(JSON.stringify({ type: 'join_room', room_id: roomId }));
    this.socket.send(JSON.stringify({ type: 'get_history', room_id: roomId }));
  }

  sendMessage(content) {
    if (!this.currentRoom || !content.trim()) return;
    this.socket.send(JSON.stringify({
      type: 'send_message',
      room_id: this.currentRoom,
      content: content.trim(),
    }));
  }

  displayMessage(data) {
    const container = document.getElementById('messages');
    const element = document.createElement('div');
    element.className = 'message';
    const header = document.createElement('div');
    header.className = 'message-header';
    const name = document.createElement('span');
    name.className = 'username';
    name.textContent = data.username;
    const time = document.createElement('span');
    time.className = 'time';
    time.textContent = new Date(data.timestamp).toLocaleTimeString();
    header.append(name, time);
    const content = document.createElement('div');
    content.className = 'message-content';
    content.textContent = data.content;
    element.append(header, content);
    container.appendChild(element);
  }

  displaySystemMessage(text) {
    const element = document.createElement('div');
    element.className = 'system-message';
    element.textContent = text;
    document.getElementById('messages').appendChild(element);
  }

  displayHistory(messages) {
    document.getElementById('messages').innerHTML = '';
    messages.forEach((msg) => {
      if (msg.type === 'chat_message') {
        this.displayMessage(msg);
      } else if (msg.type === 'user_joined') {
        this.displaySystemMessage(msg.message);
      }
    });
  }
}
