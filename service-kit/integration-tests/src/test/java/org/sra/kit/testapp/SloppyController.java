package org.sra.kit.testapp;

import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.sra.kit.security.TenantId;

/**
 * Deliberately careless endpoints, for the hostile input sweep to find
 * ({@code HostileInputSweepIntegrationTests}): an empty body taken as a note and stored, a body
 * whose missing field ends in a 500, a list that clamps its size instead of refusing it, and an
 * error answered as plain text. (A misspelt field never reaches them: the kit's JSON reading
 * refuses unknown fields.)
 */
@RestController
@RequestMapping("/api/sloppy")
class SloppyController {

    static final String COLLECTION = "sloppy_notes";

    private final MongoTemplate mongo;

    SloppyController(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    record Note(String text, Integer priority) {
    }

    /** Takes an empty body as a note without text, and stores it. */
    @PostMapping("/notes")
    ResponseEntity<Map<String, Object>> add(TenantId tenant, @RequestBody Note note) {
        Document stored = new Document("tenantId", tenant.value()).append("text", note.text())
                .append("priority", note.priority());
        mongo.insert(stored, COLLECTION);
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", stored.get("_id").toString()));
    }

    /** Fails on a body without text. */
    @PutMapping("/notes/{id}")
    Map<String, Object> edit(@PathVariable String id, @RequestBody Note note) {
        return Map.of("id", id, "text", note.text().strip());
    }

    @GetMapping("/notes")
    ResponseEntity<?> list(TenantId tenant, @RequestParam(defaultValue = "0") int page,
                           @RequestParam(defaultValue = "20") int size) {
        if (page < 0) {
            return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body("bad page");
        }
        return ResponseEntity.ok(List.of(Map.of("page", page, "size", Math.min(size, 100))));
    }
}
