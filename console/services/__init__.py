"""Use cases. Each public function is one transaction: it checks the actor's permission,
validates its input (errors name the field), changes the records, writes the duty log and
the audit chain, and commits — or changes nothing."""
