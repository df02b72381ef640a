package org.sra.kit.testapp;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

/** A test document saved with optimistic locking. */
@Document("gadgets")
public class Gadget {

    @Id
    String id;
    String name;
    @Version
    Long revision;

    Gadget() {
    }

    Gadget(String id, String name) {
        this.id = id;
        this.name = name;
    }
}
