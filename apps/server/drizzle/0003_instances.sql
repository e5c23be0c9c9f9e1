CREATE TABLE "instance_events" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"instance_id" text NOT NULL,
	"time" timestamp with time zone NOT NULL,
	"node" text,
	"reason" text NOT NULL,
	"message" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "instances" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"name" text NOT NULL,
	"app_id" text NOT NULL,
	"version_id" text NOT NULL,
	"previous_version_id" text,
	"cluster_id" text NOT NULL,
	"node_id" text NOT NULL,
	"params" jsonb NOT NULL,
	"secret_ids" jsonb NOT NULL,
	"replicas" jsonb NOT NULL,
	"resources" jsonb NOT NULL,
	"state" text NOT NULL,
	"phase" text NOT NULL,
	"phase_reason" text,
	"revision" text NOT NULL,
	"deploy_started_at" timestamp with time zone NOT NULL,
	"deadline_seconds" integer NOT NULL,
	"rolling_back_from" text,
	"keep_data" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "instance_events" ADD CONSTRAINT "instance_events_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instance_events" ADD CONSTRAINT "instance_events_instance_id_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instances" ADD CONSTRAINT "instances_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instances" ADD CONSTRAINT "instances_app_id_apps_id_fk" FOREIGN KEY ("app_id") REFERENCES "public"."apps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instances" ADD CONSTRAINT "instances_version_id_app_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."app_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instances" ADD CONSTRAINT "instances_previous_version_id_app_versions_id_fk" FOREIGN KEY ("previous_version_id") REFERENCES "public"."app_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instances" ADD CONSTRAINT "instances_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instances" ADD CONSTRAINT "instances_node_id_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "instance_events_instance_time" ON "instance_events" USING btree ("instance_id","time");--> statement-breakpoint
CREATE UNIQUE INDEX "instances_account_name" ON "instances" USING btree ("account_id","name");--> statement-breakpoint
CREATE INDEX "instances_node" ON "instances" USING btree ("node_id");