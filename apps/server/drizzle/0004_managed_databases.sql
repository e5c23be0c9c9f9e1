CREATE TABLE "database_servers" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"engine" text NOT NULL,
	"host" text NOT NULL,
	"port" integer NOT NULL,
	"username" text NOT NULL,
	"password_secret_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "database_servers_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "managed_databases" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"instance_id" text NOT NULL,
	"node" text NOT NULL,
	"server_id" text NOT NULL,
	"database" text NOT NULL,
	"username" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "managed_databases" ADD CONSTRAINT "managed_databases_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "managed_databases" ADD CONSTRAINT "managed_databases_server_id_database_servers_id_fk" FOREIGN KEY ("server_id") REFERENCES "public"."database_servers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "managed_databases_instance_node" ON "managed_databases" USING btree ("instance_id","node");