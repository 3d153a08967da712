export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __candorPg?: { stop(): Promise<void> } }).__candorPg;
  await server?.stop();
}
