ALTER TABLE "worker_status" RENAME COLUMN "node" TO "host";
