import net from 'node:net';

/**
 * A TCP port on 127.0.0.1 that nobody listens on now, chosen by the kernel. Fixed ranges per test file collided
 * with each other in parallel runs and with the ephemeral ports of outgoing connections.
 */
export async function freePort(): Promise<number> {
  const server = await listeningServer();
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A plain TCP listener on a port the kernel chose (it drops every connection), as another program would hold. */
export function listeningServer(): Promise<net.Server> {
  const server = net.createServer((socket) => socket.destroy());
  return new Promise((resolve, reject) => {
    server.once('error', reject).listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => resolve(server));
  });
}
