ALTER TABLE "command_metrics" ADD COLUMN "worker_id" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "command_metrics" DROP CONSTRAINT "command_metrics_minute_command_pk";--> statement-breakpoint
ALTER TABLE "command_metrics" ADD CONSTRAINT "command_metrics_minute_command_worker_id_pk" PRIMARY KEY("minute","command","worker_id");--> statement-breakpoint
ALTER TABLE "worker_status" ADD COLUMN "node" text DEFAULT '' NOT NULL;
