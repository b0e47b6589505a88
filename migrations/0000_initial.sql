CREATE TABLE `aa_observations` (
	`run_id` integer NOT NULL,
	`key` text NOT NULL,
	`hash` text NOT NULL,
	`record` text NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`index_version` real,
	`coding_index` real,
	`intelligence_index` real,
	`price_input_per_m` real,
	`output_tokens_per_second` real,
	PRIMARY KEY(`run_id`, `key`),
	FOREIGN KEY (`run_id`) REFERENCES `sync_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `aa_observations_key` ON `aa_observations` (`key`,`run_id`);--> statement-breakpoint
CREATE TABLE `openrouter_endpoint_observations` (
	`run_id` integer NOT NULL,
	`key` text NOT NULL,
	`hash` text NOT NULL,
	`record` text NOT NULL,
	`model_id` text NOT NULL,
	`tag` text NOT NULL,
	`status` integer,
	`prompt_price_per_m` real,
	`throughput_p50` real,
	`latency_p50_ms` real,
	PRIMARY KEY(`run_id`, `key`),
	FOREIGN KEY (`run_id`) REFERENCES `sync_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `openrouter_endpoint_observations_model` ON `openrouter_endpoint_observations` (`model_id`,`run_id`);--> statement-breakpoint
CREATE TABLE `openrouter_model_observations` (
	`run_id` integer NOT NULL,
	`key` text NOT NULL,
	`hash` text NOT NULL,
	`record` text NOT NULL,
	`canonical_slug` text,
	`prompt_price_per_m` real,
	`completion_price_per_m` real,
	`aa_coding_index` real,
	PRIMARY KEY(`run_id`, `key`),
	FOREIGN KEY (`run_id`) REFERENCES `sync_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `openrouter_model_observations_key` ON `openrouter_model_observations` (`key`,`run_id`);--> statement-breakpoint
CREATE TABLE `raw_responses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`url` text NOT NULL,
	`status` integer NOT NULL,
	`headers` text NOT NULL,
	`body` blob NOT NULL,
	`bytes` integer NOT NULL,
	`fetched_at` text NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `sync_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `raw_responses_run` ON `raw_responses` (`run_id`,`seq`);--> statement-breakpoint
CREATE TABLE `request_budget` (
	`source` text NOT NULL,
	`day` text NOT NULL,
	`used` integer DEFAULT 0 NOT NULL,
	`remaining` integer,
	`reset_at` text,
	PRIMARY KEY(`source`, `day`)
);
--> statement-breakpoint
CREATE TABLE `sync_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`mode` text NOT NULL,
	`status` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`pid` integer,
	`host` text,
	`requests` integer DEFAULT 0 NOT NULL,
	`rows_read` integer DEFAULT 0 NOT NULL,
	`rows_stored` integer DEFAULT 0 NOT NULL,
	`rows_new` integer DEFAULT 0 NOT NULL,
	`rows_changed` integer DEFAULT 0 NOT NULL,
	`rows_unchanged` integer DEFAULT 0 NOT NULL,
	`rows_removed` integer DEFAULT 0 NOT NULL,
	`rows_dropped` integer DEFAULT 0 NOT NULL,
	`error` text,
	`meta` text
);
--> statement-breakpoint
CREATE INDEX `sync_runs_source_status` ON `sync_runs` (`source`,`status`,`id`);