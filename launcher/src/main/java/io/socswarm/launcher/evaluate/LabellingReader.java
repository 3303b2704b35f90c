package io.socswarm.launcher.evaluate;

import io.socswarm.ingest.replay.EventReader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Wraps the real reader of a dataset's format: as each event is read, before the replay sends it,
 * its ground truth goes into the ledger, so that truth is taken from exactly the event the
 * pipeline sees. Lines the reader could not read pass through untouched (they go to dead-letters).
 */
final class LabellingReader implements EventReader {
    private final EventReader reader;
    private final TruthFile truth;
    private final Ledger ledger;

    LabellingReader(EventReader reader, TruthFile truth, Ledger ledger) {
        this.reader = reader;
        this.truth = truth;
        this.ledger = ledger;
    }

    @Override
    public String format() {
        return reader.format();
    }

    @Override
    public Lines read(Path file) throws IOException {
        Lines lines = reader.read(file);
        return new Lines() {
            @Override
            public boolean hasNext() {
                return lines.hasNext();
            }

            @Override
            public Line next() {
                Line line = lines.next();
                if (line.isEvent()) {
                    ledger.awaitRoom();
                    ledger.expect(line.event(), truth.label(line.event()));
                }
                return line;
            }

            @Override
            public void close() throws IOException {
                lines.close();
            }
        };
    }
}
