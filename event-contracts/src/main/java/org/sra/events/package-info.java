/**
 * The events SRA services exchange over Kafka: one record per past-tense fact, the envelope
 * that carries it, the topic it travels on and the JSON codec. No Spring in here.
 */
package org.sra.events;
