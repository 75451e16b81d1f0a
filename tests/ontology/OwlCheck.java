// The OWL API's OWL 2 DL profile checker and the HermiT reasoner, run on one RDF file.
//
// Both come in the HermiT.jar that the owlready2 package bundles (HermiT 1.3.8 with
// OWL API 3.4), so the tests need no download: tests/ontology/test_reasoners.py
// compiles this file with javac against that jar and reads what it prints.
//
// Usage: java -cp HermiT.jar:DIR OwlCheck profile|consistency|classes FILE
//
// profile:     one line per OWL 2 DL profile violation, "VIOLATION<TAB>text", then one line
//              per entity the parser made an annotation property, "ANNOTATION<TAB>iri".
// consistency: "CONSISTENT<TAB>true|false".
// classes:     the same, then "UNSATISFIABLE<TAB>iri" for every named class equivalent to
//              owl:Nothing (when consistent). Classifying is a TBox question, and slow with a
//              large ABox: the tests run it on the ontology and the vocabularies.
// Every run ends with "DONE", so a crash is never read as a clean result.

import java.io.File;
import org.semanticweb.HermiT.Reasoner;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLAnnotationProperty;
import org.semanticweb.owlapi.model.OWLClass;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class OwlCheck {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: OwlCheck profile|consistency|classes FILE");
            System.exit(2);
        }
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[1]));
        if (args[0].equals("profile")) {
            OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
            for (OWLProfileViolation violation : report.getViolations()) {
                System.out.println("VIOLATION\t" + violation.toString().replace('\n', ' '));
            }
            for (OWLAnnotationProperty property : ontology.getAnnotationPropertiesInSignature()) {
                System.out.println("ANNOTATION\t" + property.getIRI());
            }
        } else if (args[0].equals("consistency")) {
            System.out.println("CONSISTENT\t" + new Reasoner(ontology).isConsistent());
        } else if (args[0].equals("classes")) {
            Reasoner reasoner = new Reasoner(ontology);
            boolean consistent = reasoner.isConsistent();
            System.out.println("CONSISTENT\t" + consistent);
            if (consistent) {
                for (OWLClass cls : reasoner.getUnsatisfiableClasses().getEntitiesMinusBottom()) {
                    System.out.println("UNSATISFIABLE\t" + cls.getIRI());
                }
            }
        } else {
            System.err.println("unknown mode: " + args[0]);
            System.exit(2);
        }
        System.out.println("DONE");
    }
}
