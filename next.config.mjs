/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships a WASM build of PostgreSQL and postgres.js opens sockets: both must stay
  // plain Node modules so that the console shares the process-wide connection with the worker.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', '@xmpp/component', '@xmpp/xml'],
  // Separate build folders let several checkouts' test runs build side by side (NEXT_DIST_DIR=.next-e2e).
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  reactStrictMode: true,
};
export default nextConfig;
