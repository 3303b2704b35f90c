package io.socswarm.sigma;

import java.util.List;

/**
 * A named search of a detection. A map is one alternative whose entries are AND-ed; a list of maps
 * gives several alternatives that are OR-ed; a list of plain values is one keyword entry.
 */
public record SearchIdentifier(String name, List<List<FieldSpec>> alternatives) {

    public SearchIdentifier {
        alternatives = alternatives.stream().map(List::copyOf).toList();
    }
}
