"""Schema migrations for the SQLite store, applied in order; never edit a released step.

Each step is a list of statements. `schema_migrations` records which steps an archive has,
so opening an archive made by an older testimonia brings it up to date.
"""

from __future__ import annotations

MIGRATIONS: list[list[str]] = [
    # 1: sources, documents, parties, notes, entities, mentions
    [
        """CREATE TABLE sources (
            id TEXT PRIMARY KEY,
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            size INTEGER NOT NULL,
            format TEXT NOT NULL,
            encoding TEXT,
            title TEXT,
            front_json TEXT NOT NULL,
            warnings_json TEXT NOT NULL DEFAULT '[]',
            text TEXT NOT NULL,
            version INTEGER NOT NULL,
            current INTEGER NOT NULL,
            ingested_at TEXT NOT NULL
        )""",
        "CREATE INDEX sources_path ON sources (path, version)",
        """CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL,
            title TEXT,
            date_edtf TEXT,
            date_text TEXT,
            date_certainty TEXT,
            date_calendar TEXT,
            date_start INTEGER,
            date_end INTEGER,
            earliest TEXT,
            latest TEXT,
            place TEXT,
            place_entity_id TEXT,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            language TEXT,
            xml_id TEXT,
            parts_json TEXT NOT NULL
        )""",
        "CREATE INDEX documents_source ON documents (source_id, seq)",
        "CREATE INDEX documents_kind ON documents (kind)",
        "CREATE INDEX documents_earliest ON documents (earliest)",
        """CREATE TABLE parties (
            document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            seq INTEGER NOT NULL,
            name TEXT NOT NULL,
            entity_id TEXT,
            certainty TEXT NOT NULL
        )""",
        "CREATE INDEX parties_document ON parties (document_id)",
        "CREATE INDEX parties_name ON parties (role, name COLLATE NOCASE)",
        """CREATE TABLE notes (
            id TEXT PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
            document_id TEXT,
            seq INTEGER NOT NULL,
            marker TEXT NOT NULL,
            text TEXT NOT NULL,
            anchor_start INTEGER,
            anchor_end INTEGER,
            start INTEGER,
            "end" INTEGER,
            status TEXT NOT NULL
        )""",
        "CREATE INDEX notes_source ON notes (source_id, seq)",
        "CREATE INDEX notes_document ON notes (document_id)",
        """CREATE TABLE entities (
            id TEXT PRIMARY KEY,
            entity_type TEXT NOT NULL,
            name TEXT NOT NULL,
            variants_json TEXT NOT NULL DEFAULT '[]',
            identifiers_json TEXT NOT NULL DEFAULT '{}',
            birth TEXT,
            death TEXT,
            description TEXT,
            status TEXT NOT NULL DEFAULT 'proposed',
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX entities_type ON entities (entity_type, name)",
        """CREATE TABLE entity_keys (
            key TEXT PRIMARY KEY,
            entity_id TEXT NOT NULL REFERENCES entities (id)
        )""",
        """CREATE TABLE mentions (
            id TEXT PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
            document_id TEXT,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            entity_id TEXT,
            entity_type TEXT NOT NULL,
            method TEXT NOT NULL,
            confidence REAL NOT NULL,
            status TEXT NOT NULL DEFAULT 'proposed'
        )""",
        "CREATE INDEX mentions_source ON mentions (source_id, start)",
        "CREATE INDEX mentions_entity ON mentions (entity_id)",
        "CREATE INDEX mentions_document ON mentions (document_id)",
    ],
    # 2: curation: who decided a mention, why it was linked, merged entries, roles, the log
    [
        "ALTER TABLE mentions ADD COLUMN decided_by TEXT NOT NULL DEFAULT 'system'",
        "ALTER TABLE mentions ADD COLUMN reason TEXT",
        "ALTER TABLE mentions ADD COLUMN candidates_json TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE entities ADD COLUMN merged_into TEXT",
        "ALTER TABLE entities ADD COLUMN roles_json TEXT NOT NULL DEFAULT '[]'",
        """CREATE TABLE curation_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            action TEXT NOT NULL,
            entity_id TEXT,
            detail_json TEXT NOT NULL,
            undone INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX curation_log_entity ON curation_log (entity_id)",
        "CREATE INDEX mentions_status ON mentions (status, decided_by)",
    ],
    # 3: letters and entry pages find a person's letters by their link (store/letters.py)
    [
        "CREATE INDEX parties_entity ON parties (entity_id, role)",
    ],
    # 4: claims (quotations, quantities, events, judgements), relations between them with the
    # editor's decision, and which source depends on which (store/claims.py)
    [
        """CREATE TABLE claims (
            id TEXT PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
            document_id TEXT,
            kind TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            witness_name TEXT,
            witness_entity_id TEXT,
            counts_key TEXT,
            low REAL,
            high REAL,
            written TEXT,
            reported_by TEXT,
            found_by TEXT NOT NULL,
            confidence REAL NOT NULL,
            data_json TEXT NOT NULL
        )""",
        "CREATE INDEX claims_source ON claims (source_id, start)",
        "CREATE INDEX claims_kind ON claims (kind)",
        "CREATE INDEX claims_counts ON claims (counts_key)",
        "CREATE INDEX claims_witness ON claims (witness_entity_id)",
        "CREATE INDEX claims_reported_by ON claims (reported_by)",
        """CREATE TABLE claim_entities (
            claim_id TEXT NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
            entity_id TEXT NOT NULL,
            role TEXT NOT NULL
        )""",
        "CREATE INDEX claim_entities_entity ON claim_entities (entity_id, role)",
        "CREATE INDEX claim_entities_claim ON claim_entities (claim_id)",
        """CREATE TABLE claim_relations (
            id TEXT PRIMARY KEY,
            claim_a TEXT NOT NULL,
            claim_b TEXT NOT NULL,
            relation TEXT NOT NULL,
            score REAL NOT NULL,
            why TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'proposed',
            decided_by TEXT NOT NULL DEFAULT 'system',
            decided_at TEXT
        )""",
        "CREATE INDEX claim_relations_a ON claim_relations (claim_a)",
        "CREATE INDEX claim_relations_b ON claim_relations (claim_b)",
        """CREATE TABLE source_dependencies (
            source_id TEXT NOT NULL,
            depends_on TEXT NOT NULL,
            reason TEXT NOT NULL,
            score REAL NOT NULL,
            PRIMARY KEY (source_id, depends_on)
        )""",
    ],
    # 5: count an entry's mentions (leaving out rejected ones) from the index alone, for the
    # register sorted by mentions and the web pages (store/browse.py)
    [
        "CREATE INDEX mentions_entity_status ON mentions (entity_id, status)",
    ],
    # 6: an entry's page at a million documents reads its mentions, their documents' dates, its
    # letters and the entries mentioned with it from indexes alone (store/entity_profile.py):
    # where each mention of an entry stands; a document's mentions by entry; a document's date
    # and source by its id; a person's letters by role; the superseded sources; unlinked senders
    # and addressees by name (few, so that index is partial). mentions_entity, mentions_document
    # and parties_entity are prefixes of the new indexes and go.
    [
        "CREATE INDEX mentions_entity_place ON mentions"
        " (entity_id, status, document_id, source_id, start, text)",
        "CREATE INDEX mentions_document_entity ON mentions (document_id, entity_id, status)",
        "DROP INDEX mentions_entity",
        "DROP INDEX mentions_document",
        "CREATE INDEX documents_date ON documents (id, earliest, source_id)",
        "CREATE INDEX parties_entity_document ON parties (entity_id, role, document_id)",
        "DROP INDEX parties_entity",
        "CREATE INDEX sources_current ON sources (current, id)",
        "CREATE INDEX parties_unlinked ON parties (name, role, document_id) WHERE entity_id IS NULL",
    ],
    # 7: the page breaks of the original (TEI pb, DOCX page breaks, PAGE and ALTO pages), kept
    # with their source so that a reader can cite a page
    [
        "ALTER TABLE sources ADD COLUMN pages_json TEXT NOT NULL DEFAULT '[]'",
    ],
    # 8: each mention carries its document's earliest day, copied by triggers whenever a mention
    # is stored or moved (or a document's date changes), so that an entry's page counts its
    # mentions by year and lists them by date from one index, without looking up a document per
    # mention (store/entity_profile.py: 11,000 lookups for a much mentioned person at a million
    # documents). mentions_entity_date replaces step 6's mentions_entity_place and documents_date.
    [
        "ALTER TABLE mentions ADD COLUMN earliest TEXT",
        "UPDATE mentions SET earliest = (SELECT d.earliest FROM documents d"
        " WHERE d.id = mentions.document_id) WHERE document_id IS NOT NULL",
        # the store's own inserts write `earliest` themselves; the trigger covers any other writer
        """CREATE TRIGGER mentions_earliest_stored AFTER INSERT ON mentions
        WHEN NEW.document_id IS NOT NULL AND NEW.earliest IS NULL
        BEGIN
            UPDATE mentions SET earliest = (SELECT earliest FROM documents WHERE id = NEW.document_id)
            WHERE rowid = NEW.rowid;
        END""",
        """CREATE TRIGGER mentions_earliest_moved AFTER UPDATE OF document_id ON mentions
        BEGIN
            UPDATE mentions SET earliest = (SELECT earliest FROM documents WHERE id = NEW.document_id)
            WHERE rowid = NEW.rowid;
        END""",
        """CREATE TRIGGER documents_earliest_changed AFTER UPDATE OF earliest ON documents
        BEGIN
            UPDATE mentions SET earliest = NEW.earliest WHERE document_id = NEW.id;
        END""",
        "CREATE INDEX mentions_entity_date ON mentions"
        " (entity_id, earliest, source_id, start, status, document_id, text)",
        "DROP INDEX mentions_entity_place",
        "DROP INDEX documents_date",
    ],
]
