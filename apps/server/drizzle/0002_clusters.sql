CREATE TABLE "clusters" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"name" text NOT NULL,
	"display_name" text,
	"type" text NOT NULL,
	"runtime" text NOT NULL,
	"storage" jsonb,
	"service_cidr" text,
	"shared" boolean DEFAULT false NOT NULL,
	"agent_settings" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "node_events" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"node_id" text NOT NULL,
	"time" timestamp with time zone NOT NULL,
	"workload" text,
	"node" text,
	"reason" text NOT NULL,
	"message" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "node_workloads" (
	"account_id" text NOT NULL,
	"node_id" text NOT NULL,
	"workload_id" text NOT NULL,
	"kind" text NOT NULL,
	"revision" text NOT NULL,
	"spec" jsonb NOT NULL,
	CONSTRAINT "node_workloads_node_id_workload_id_pk" PRIMARY KEY("node_id","workload_id")
);
--> statement-breakpoint
CREATE TABLE "nodes" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"cluster_id" text NOT NULL,
	"name" text NOT NULL,
	"ip_segment" text,
	"join_token_hash" text,
	"join_token_expires_at" timestamp with time zone,
	"join_token_used_at" timestamp with time zone,
	"public_key" text,
	"joined_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"last_seen_at" timestamp with time zone,
	"facts" jsonb,
	"observed" jsonb,
	"desired_generation" bigint DEFAULT 1 NOT NULL,
	"applied_generation" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "node_events" ADD CONSTRAINT "node_events_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "node_events" ADD CONSTRAINT "node_events_node_id_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "node_workloads" ADD CONSTRAINT "node_workloads_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "node_workloads" ADD CONSTRAINT "node_workloads_node_id_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nodes" ADD CONSTRAINT "nodes_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nodes" ADD CONSTRAINT "nodes_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "clusters_account_name" ON "clusters" USING btree ("account_id","name");--> statement-breakpoint
CREATE INDEX "node_events_node_time" ON "node_events" USING btree ("node_id","time");--> statement-breakpoint
CREATE INDEX "node_events_workload" ON "node_events" USING btree ("workload");--> statement-breakpoint
CREATE UNIQUE INDEX "nodes_cluster_name" ON "nodes" USING btree ("cluster_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "nodes_join_token" ON "nodes" USING btree ("join_token_hash");--> statement-breakpoint
CREATE INDEX "nodes_account" ON "nodes" USING btree ("account_id");