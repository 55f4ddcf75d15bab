/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships a WASM build of PostgreSQL and postgres.js opens sockets: both must stay
  // plain Node modules so that the console shares the process-wide connection with the worker.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', '@xmpp/component', '@xmpp/xml'],
  poweredByHeader: false,
  reactStrictMode: true,
};
export default nextConfig;
