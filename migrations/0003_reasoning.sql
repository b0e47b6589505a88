ALTER TABLE `openrouter_model_observations` ADD `reasoning_mandatory` integer;--> statement-breakpoint
ALTER TABLE `openrouter_model_observations` ADD `reasoning_default_enabled` integer;--> statement-breakpoint
ALTER TABLE `openrouter_model_observations` ADD `reasoning_default_effort` text;--> statement-breakpoint
ALTER TABLE `openrouter_model_observations` ADD `reasoning_supported_efforts` text;