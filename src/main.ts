import { createApp, listen } from './app';
import { loadConfig } from './config';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  const httpServer = await listen(app, config.port, config.host);
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(`fact tracker ready: playground at http://localhost:${port}/graphql`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, shutting down`);
    httpServer.close();
    httpServer.closeIdleConnections();
    try {
      await app.stop();
      process.exit(0);
    } catch (error) {
      console.error(error);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
