CREATE TABLE "light_app_deployments" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"light_app_id" text NOT NULL,
	"version_id" text NOT NULL,
	"cluster_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "light_app_hosts" (
	"account_id" text NOT NULL,
	"deployment_id" text NOT NULL,
	"node_id" text NOT NULL,
	"light_app_id" text NOT NULL,
	"revision" text NOT NULL,
	"replaced_at" timestamp with time zone,
	CONSTRAINT "light_app_hosts_deployment_id_node_id_pk" PRIMARY KEY("deployment_id","node_id")
);
--> statement-breakpoint
CREATE TABLE "light_app_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"light_app_id" text NOT NULL,
	"version" text NOT NULL,
	"kind" text NOT NULL,
	"from_version" text,
	"state" text NOT NULL,
	"package" jsonb,
	"config" jsonb,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "light_apps" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"name" text NOT NULL,
	"language" text NOT NULL,
	"arch" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "light_app_deployments" ADD CONSTRAINT "light_app_deployments_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "light_app_deployments" ADD CONSTRAINT "light_app_deployments_light_app_id_light_apps_id_fk" FOREIGN KEY ("light_app_id") REFERENCES "public"."light_apps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "light_app_deployments" ADD CONSTRAINT "light_app_deployments_version_id_light_app_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."light_app_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "light_app_deployments" ADD CONSTRAINT "light_app_deployments_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "light_app_hosts" ADD CONSTRAINT "light_app_hosts_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "light_app_hosts" ADD CONSTRAINT "light_app_hosts_deployment_id_light_app_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."light_app_deployments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "light_app_hosts" ADD CONSTRAINT "light_app_hosts_node_id_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "light_app_versions" ADD CONSTRAINT "light_app_versions_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "light_app_versions" ADD CONSTRAINT "light_app_versions_light_app_id_light_apps_id_fk" FOREIGN KEY ("light_app_id") REFERENCES "public"."light_apps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "light_apps" ADD CONSTRAINT "light_apps_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "light_app_deployments_app" ON "light_app_deployments" USING btree ("light_app_id");--> statement-breakpoint
CREATE INDEX "light_app_hosts_app_node" ON "light_app_hosts" USING btree ("light_app_id","node_id");--> statement-breakpoint
CREATE UNIQUE INDEX "light_app_versions_app_version" ON "light_app_versions" USING btree ("light_app_id","version");--> statement-breakpoint
CREATE INDEX "light_app_versions_account" ON "light_app_versions" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "light_apps_account_name" ON "light_apps" USING btree ("account_id","name");