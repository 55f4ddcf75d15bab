CREATE TYPE "public"."buddy_node_kind" AS ENUM('group', 'channel');--> statement-breakpoint
CREATE TYPE "public"."operator_role" AS ENUM('admin', 'editor', 'viewer');--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"operator_id" integer,
	"domain_id" integer,
	"object_type" text NOT NULL,
	"object_id" text NOT NULL,
	"action" text NOT NULL,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "buddy_nodes" (
	"id" serial PRIMARY KEY NOT NULL,
	"domain_id" integer NOT NULL,
	"parent_id" integer,
	"parent_kind" "buddy_node_kind",
	"position" integer NOT NULL,
	"kind" "buddy_node_kind" NOT NULL,
	"address" text NOT NULL,
	"server_address" text,
	"name" text DEFAULT '' NOT NULL,
	"status" text DEFAULT '' NOT NULL,
	"image_url" text DEFAULT '' NOT NULL,
	"thumb_url" text DEFAULT '' NOT NULL,
	"default_message" text DEFAULT '' NOT NULL,
	"mobile_is_published" boolean DEFAULT false NOT NULL,
	"web_is_published" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "buddy_nodes_domain_address_unique" UNIQUE("domain_id","address"),
	CONSTRAINT "buddy_nodes_id_kind_unique" UNIQUE("id","kind"),
	CONSTRAINT "buddy_nodes_parent_is_group" CHECK ("buddy_nodes"."parent_kind" IS NULL OR "buddy_nodes"."parent_kind" = 'group'),
	CONSTRAINT "buddy_nodes_parent_kind_given" CHECK (("buddy_nodes"."parent_id" IS NULL) = ("buddy_nodes"."parent_kind" IS NULL)),
	CONSTRAINT "buddy_nodes_position_not_negative" CHECK ("buddy_nodes"."position" >= 0),
	CONSTRAINT "buddy_nodes_address_not_blank" CHECK (length(trim("buddy_nodes"."address")) > 0)
);
--> statement-breakpoint
CREATE TABLE "buddy_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"domain_id" integer NOT NULL,
	"number" integer NOT NULL,
	"json" text NOT NULL,
	"published_by" text NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rolled_back_from" integer,
	CONSTRAINT "buddy_versions_domain_number_unique" UNIQUE("domain_id","number"),
	CONSTRAINT "buddy_versions_number_positive" CHECK ("buddy_versions"."number" > 0)
);
--> statement-breakpoint
CREATE TABLE "channel_subscriptions" (
	"channel_id" integer NOT NULL,
	"user_jid" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channel_subscriptions_channel_id_user_jid_pk" PRIMARY KEY("channel_id","user_jid")
);
--> statement-breakpoint
CREATE TABLE "channels" (
	"id" serial PRIMARY KEY NOT NULL,
	"domain_id" integer NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channels_domain_name_unique" UNIQUE("domain_id","name"),
	CONSTRAINT "channels_name_not_blank" CHECK (length(trim("channels"."name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "command_metrics" (
	"minute" timestamp with time zone NOT NULL,
	"command" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"errors" integer DEFAULT 0 NOT NULL,
	"total_micros" bigint DEFAULT 0 NOT NULL,
	"max_micros" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "command_metrics_minute_command_pk" PRIMARY KEY("minute","command")
);
--> statement-breakpoint
CREATE TABLE "domains" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"draft_revision" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "domains_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "operator_sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"operator_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"user_agent" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "operators" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"role" "operator_role" NOT NULL,
	"password_hash" text NOT NULL,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "operators_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "sign_in_attempts" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"client_address" text NOT NULL,
	"succeeded" boolean NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "version_rules" (
	"id" serial PRIMARY KEY NOT NULL,
	"os_code" text NOT NULL,
	"package_name" text NOT NULL,
	"min_build" integer,
	"min_api_version" integer,
	"recommended_build" integer,
	"download_link" text DEFAULT '' NOT NULL,
	"must_upgrade_message" text DEFAULT 'Unaccepted version of client' NOT NULL,
	"should_upgrade_message" text DEFAULT 'A new version of the app is available' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "version_rules_os_package_unique" UNIQUE("os_code","package_name"),
	CONSTRAINT "version_rules_recommended_not_below_minimum" CHECK ("version_rules"."recommended_build" IS NULL OR "version_rules"."min_build" IS NULL OR "version_rules"."recommended_build" >= "version_rules"."min_build")
);
--> statement-breakpoint
CREATE TABLE "worker_errors" (
	"id" serial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"worker_id" text NOT NULL,
	"message" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "worker_status" (
	"worker_id" text PRIMARY KEY NOT NULL,
	"component_jid" text NOT NULL,
	"service" text NOT NULL,
	"connected" boolean NOT NULL,
	"connected_since" timestamp with time zone,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_domain_id_domains_id_fk" FOREIGN KEY ("domain_id") REFERENCES "public"."domains"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buddy_nodes" ADD CONSTRAINT "buddy_nodes_domain_id_domains_id_fk" FOREIGN KEY ("domain_id") REFERENCES "public"."domains"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buddy_nodes" ADD CONSTRAINT "buddy_nodes_parent_fk" FOREIGN KEY ("parent_id","parent_kind") REFERENCES "public"."buddy_nodes"("id","kind") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "buddy_versions" ADD CONSTRAINT "buddy_versions_domain_id_domains_id_fk" FOREIGN KEY ("domain_id") REFERENCES "public"."domains"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_subscriptions" ADD CONSTRAINT "channel_subscriptions_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channels" ADD CONSTRAINT "channels_domain_id_domains_id_fk" FOREIGN KEY ("domain_id") REFERENCES "public"."domains"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operator_sessions" ADD CONSTRAINT "operator_sessions_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_object_idx" ON "audit_log" USING btree ("object_type","at");--> statement-breakpoint
CREATE INDEX "channel_subscriptions_user_idx" ON "channel_subscriptions" USING btree ("user_jid");--> statement-breakpoint
CREATE INDEX "operator_sessions_operator_idx" ON "operator_sessions" USING btree ("operator_id");--> statement-breakpoint
CREATE INDEX "sign_in_attempts_email_at_idx" ON "sign_in_attempts" USING btree ("email","at");--> statement-breakpoint
CREATE INDEX "worker_errors_at_idx" ON "worker_errors" USING btree ("at");