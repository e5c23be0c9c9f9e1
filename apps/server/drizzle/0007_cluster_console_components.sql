CREATE TABLE "cluster_components" (
	"account_id" text NOT NULL,
	"cluster_id" text NOT NULL,
	"node_id" text NOT NULL,
	"component" text NOT NULL,
	"revision" text NOT NULL,
	"initialised_at" timestamp with time zone NOT NULL,
	CONSTRAINT "cluster_components_node_id_component_pk" PRIMARY KEY("node_id","component")
);
--> statement-breakpoint
CREATE TABLE "console_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"cluster_id" text NOT NULL,
	"user_id" text NOT NULL,
	"via" text NOT NULL,
	"prefix" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "console_users" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"cluster_id" text NOT NULL,
	"username" text NOT NULL,
	"mobile" text,
	"superuser" boolean DEFAULT false NOT NULL,
	"password_hash" text NOT NULL,
	"must_change_password" boolean DEFAULT false NOT NULL,
	"password_changed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "console_users_mobile_required" CHECK ("console_users"."superuser" or "console_users"."mobile" is not null)
);
--> statement-breakpoint
ALTER TABLE "cluster_components" ADD CONSTRAINT "cluster_components_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cluster_components" ADD CONSTRAINT "cluster_components_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cluster_components" ADD CONSTRAINT "cluster_components_node_id_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "console_sessions" ADD CONSTRAINT "console_sessions_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "console_sessions" ADD CONSTRAINT "console_sessions_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "console_sessions" ADD CONSTRAINT "console_sessions_user_id_console_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."console_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "console_users" ADD CONSTRAINT "console_users_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "console_users" ADD CONSTRAINT "console_users_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cluster_components_cluster" ON "cluster_components" USING btree ("cluster_id","component");--> statement-breakpoint
CREATE UNIQUE INDEX "console_sessions_token_hash" ON "console_sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "console_sessions_user" ON "console_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "console_users_cluster_username" ON "console_users" USING btree ("cluster_id","username");--> statement-breakpoint
CREATE UNIQUE INDEX "console_users_cluster_mobile" ON "console_users" USING btree ("cluster_id","mobile");--> statement-breakpoint
CREATE INDEX "console_users_account" ON "console_users" USING btree ("account_id");--> statement-breakpoint
-- Edge clusters made before the console existed get their super account here, as new ones
-- do at creation. The hash is argon2id (19 MiB, t=2) of "iotedgeadmin": that first
-- password is public by design (domain §7) and must be changed at first sign-in.
INSERT INTO "console_users" ("id", "account_id", "cluster_id", "username", "superuser", "password_hash", "must_change_password")
SELECT gen_random_uuid()::text, "account_id", "id", 'iotedgeadmin', true, '$argon2id$v=19$m=19456,t=2,p=1$MMLC5m6oVeS/yNehF7eZxA$kwEIAPFso23EqaKYgGhT2EeoCk8wJk9nRiRj3pGfGOU', true
FROM "clusters" WHERE "type" IN ('edge', 'edge-appliance');
