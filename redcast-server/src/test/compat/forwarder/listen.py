"""A listener of the Redis-to-WebSocket forwarder, written as its README showed its users: connect
to /ws with the token, then print the channel and payload of every frame, each of which is taken to
be a message. Moving to redcast changes the URL and nothing else.

Also prints the extensions agreed at the handshake: websockets offers permessage-deflate by default.
"""
import asyncio
import json
import sys

import websockets

URI = sys.argv[1]


async def client():
    async with websockets.connect(URI) as websocket:
        print("extensions:", ",".join(e.name for e in websocket.extensions))
        async for message in websocket:
            data = json.loads(message)
            print(f"channel: {data['channel']}")
            print(f"payload: {data['payload']}")


asyncio.run(client())
