# ruff: noqa: E501 -- French demo text, kept one sentence per line
"""The community's demo data: more members, the pilot rubric, and thirty-odd French discussions.

Data only (French, no gettext); community/demo.py turns it into rows.
"""

from community.accounts.roles import COUNSELLORS_GROUP, PARTNERS_GROUP, PILOT_GROUP

# username, first name, last name, display name, operator, region, structure, job, status, groups
MEMBERS = (
    ("amina", "Amina", "Diallo", "Amina D. (Mission locale)", "Missions locales", "Occitanie",
     "Mission locale de Toulouse", "Conseillère en insertion", "approved", (COUNSELLORS_GROUP, PILOT_GROUP)),
    ("thomas", "Thomas", "Girard", "Thomas G. (Cap emploi)", "Cap emploi", "Auvergne-Rhône-Alpes",
     "Cap emploi Rhône", "Chargé de maintien dans l’emploi", "approved", (COUNSELLORS_GROUP,)),
    ("nadia", "Nadia", "Rousseau", "Nadia R. (opérateur régional)",
     "Opérateurs régionaux pour les actifs occupés", "Bretagne", "CEP actifs occupés Bretagne",
     "Conseillère en évolution professionnelle", "approved", (COUNSELLORS_GROUP, PILOT_GROUP)),
    ("marc", "Marc", "Lefèvre", "Marc L. (France Travail)", "France Travail", "Grand Est",
     "France Travail Strasbourg", "Conseiller entreprises et CEP", "approved", (COUNSELLORS_GROUP,)),
    ("lea", "Léa", "Fontaine", "Léa F. (Apec)", "Apec", "Pays de la Loire", "Apec Nantes",
     "Consultante", "approved", (COUNSELLORS_GROUP,)),
    ("yannick", "Yannick", "Hoarau", "Yannick H. (Mission locale)", "Missions locales",
     "La Réunion", "Mission locale Sud Réunion", "Conseiller jeunes", "approved", (COUNSELLORS_GROUP,)),
    ("camille", "Camille", "Bernard", "Camille B. (Carif-Oref)", "", "Nouvelle-Aquitaine",
     "Cap Métiers Nouvelle-Aquitaine", "Chargée d’information", "approved", (PARTNERS_GROUP,)),
    ("ines", "Inès", "Moreau", "Inès M.", "France Travail", "Normandie", "France Travail Caen",
     "Conseillère", "pending", ()),
    ("hugo", "Hugo", "Petit", "Hugo P.", "Opérateurs régionaux pour les actifs occupés",
     "Centre-Val de Loire", "CEP actifs occupés Centre", "Conseiller", "pending", ()),
    ("chloe", "Chloé", "Renard", "Chloé R.", "Missions locales", "Corse", "Mission locale d’Ajaccio",
     "Conseillère", "pending", ()),
)  # fmt: skip

# Domains whose addresses are approved at sign-up (editable by staff in Django admin).
OPERATOR_DOMAINS = (
    ("francetravail.fr", "France Travail"),
    ("apec.fr", "Apec"),
    ("capemploi.info", "Cap emploi"),
)

# (rubric, subject, themes, poll, [(author, content), ...]); poll = (question, [options]) or None.
TOPICS = (
    (
        "Accueil et posture",
        "Premier rendez-vous : combien de temps y consacrez-vous ?",
        ("Posture d’accompagnement",),
        (
            "Durée de votre premier entretien CEP ?",
            ["Moins de 45 minutes", "Environ une heure", "Plus d’une heure"],
        ),
        (
            (
                "nadia",
                "Nous avons des pratiques très différentes dans l’équipe. Certains font 45 minutes, d’autres 1 h 30. Et vous ?",
            ),
            (
                "marc",
                "Une heure, rarement plus. Je préfère proposer un deuxième rendez-vous rapproché.",
            ),
            (
                "lea",
                "Plutôt 1 h 15 avec des cadres : il faut le temps de poser le cadre et d’écouter le parcours.",
            ),
            ("amina", "Avec les jeunes, 45 minutes maximum, sinon l’attention décroche."),
            (
                "sophie",
                "Je vous rejoins Amina, et je laisse toujours une trace écrite des prochaines étapes.",
            ),
        ),
    ),
    (
        "Accueil et posture",
        "Quand la personne attend qu’on décide à sa place",
        ("Posture d’accompagnement",),
        None,
        (
            (
                "amina",
                "Certains jeunes me disent « vous êtes la conseillère, c’est vous qui savez ». Comment les remettre en position d’acteur sans les brusquer ?",
            ),
            (
                "nadia",
                "Je leur renvoie des questions très concrètes : qu’avez-vous aimé faire ces derniers mois ? Cela déplace la discussion.",
            ),
            (
                "thomas",
                "Les cartes métiers marchent bien aussi : choisir et écarter, c’est déjà décider.",
            ),
            (
                "sophie",
                "J’explique clairement mon rôle : je les aide à choisir, je ne choisis pas. Le dire franchement rassure.",
            ),
        ),
    ),
    (
        "Accueil et posture",
        "Accompagner à distance : visio ou téléphone ?",
        ("Outils du conseiller",),
        None,
        (
            (
                "yannick",
                "Depuis La Réunion, beaucoup de rendez-vous se font à distance pour les jeunes des Hauts. La visio passe mal, le téléphone fatigue. Vos astuces ?",
            ),
            (
                "marc",
                "Je privilégie le téléphone pour le suivi, et le présentiel pour le premier rendez-vous quand c’est possible.",
            ),
            ("lea", "Un document partagé pendant l’appel aide beaucoup à garder le fil."),
            (
                "amina",
                "Nous envoyons un SMS récapitulatif après chaque appel, les jeunes le relisent.",
            ),
            ("yannick", "Merci, je vais tester le document partagé et le SMS récapitulatif."),
        ),
    ),
    (
        "Publics fragiles",
        "Repérer une fragilité psychologique sans sortir de son rôle",
        ("Publics fragiles", "Posture d’accompagnement"),
        None,
        (
            (
                "nadia",
                "Jusqu’où aller quand une personne évoque un épuisement ou des idées noires ? Je ne suis pas soignante, mais je ne veux pas passer à côté.",
            ),
            (
                "thomas",
                "Nous avons un protocole simple : écouter, ne pas minimiser, orienter vers le médecin traitant ou le 3114 si besoin.",
            ),
            (
                "moderateur",
                "Une capsule UODC sur ce sujet est en préparation. Merci de ne citer aucune situation identifiable dans vos messages.",
            ),
            (
                "sophie",
                "Le réseau des psychologues du travail de notre agence nous appuie aussi, pensez à vérifier ce qui existe localement.",
            ),
            ("amina", "Côté Missions locales, le point écoute santé est un relais précieux."),
        ),
    ),
    (
        "Publics fragiles",
        "Personnes sans accès au numérique : comment faire le CPF ?",
        ("Publics fragiles", "Formation"),
        None,
        (
            (
                "marc",
                "Beaucoup de personnes que j’accompagne n’ont ni ordinateur ni identité numérique. Mobiliser le CPF devient un parcours du combattant.",
            ),
            (
                "sophie",
                "Les conseillers numériques France Services peuvent accompagner la création de l’identité numérique.",
            ),
            (
                "nadia",
                "Nous faisons la démarche ensemble, en rendez-vous, sur le poste de l’agence. C’est long mais efficace.",
            ),
            ("yannick", "À La Réunion, les points numériques des mairies dépannent souvent."),
        ),
    ),
    (
        "Publics fragiles",
        "Reconversion après un accident du travail",
        ("Handicap et emploi", "Reconversion"),
        None,
        (
            (
                "thomas",
                "Un salarié du BTP ne peut plus porter de charges après un accident. Il pense reconversion mais a peur de perdre ses indemnités. Qui a déjà monté un tel parcours ?",
            ),
            (
                "nadia",
                "Le PTP peut être une piste s’il remplit les conditions d’ancienneté. L’essai encadré permet aussi de tester un métier.",
            ),
            (
                "lea",
                "Pensez au rendez-vous de liaison avec l’employeur pendant l’arrêt, il est souvent oublié.",
            ),
            (
                "thomas",
                "Merci à vous deux. Le rendez-vous de liaison est calé, et nous étudions l’essai encadré.",
            ),
            ("sophie", "Tiens-nous au courant, ce cas intéressera beaucoup de collègues."),
        ),
    ),
    (
        "Outils et méthodes",
        "Quels outils pour explorer les métiers avec un public jeune ?",
        ("Outils du conseiller",),
        (
            "Votre outil préféré pour explorer les métiers ?",
            [
                "Cartes métiers",
                "Immersions professionnelles",
                "Sites d’information métiers",
                "Enquêtes métiers",
            ],
        ),
        (
            ("amina", "Je cherche des outils ludiques pour des jeunes peu à l’aise avec l’écrit."),
            (
                "yannick",
                "Les immersions professionnelles restent imbattables : rien ne remplace une journée sur place.",
            ),
            ("sophie", "Les vidéos métiers courtes marchent bien en atelier collectif."),
            ("thomas", "Le jeu de cartes des compétences transférables plaît beaucoup chez nous."),
            (
                "marc",
                "J’ajoute les enquêtes métiers : appeler un professionnel, c’est déjà un premier pas vers l’emploi.",
            ),
            ("nadia", "Tout à fait d’accord, et cela développe l’autonomie."),
        ),
    ),
    (
        "Outils et méthodes",
        "Formaliser le projet : vos trames de synthèse",
        ("Outils du conseiller",),
        None,
        (
            (
                "lea",
                "Partagez-vous une trame de synthèse remise à la personne en fin d’accompagnement ?",
            ),
            (
                "nadia",
                "Oui : situation de départ, pistes explorées, projet retenu, plan d’action daté. Une page, pas plus.",
            ),
            (
                "marc",
                "Nous y ajoutons les contacts utiles, c’est ce que les personnes relisent le plus.",
            ),
            (
                "julien",
                "Chez nous la synthèse est co-rédigée pendant le dernier rendez-vous, c’est plus engageant.",
            ),
        ),
    ),
    (
        "Outils et méthodes",
        "Se former aux outils du CEP : retours sur des formations suivies",
        ("Outils du conseiller", "Formation"),
        None,
        (
            (
                "sophie",
                "Quelles formations aux outils du CEP recommanderiez-vous à un conseiller qui débute ?",
            ),
        ),
    ),
    (
        "Formation",
        "VAE : la nouvelle plateforme France VAE en pratique",
        ("Validation des acquis", "Formation"),
        None,
        (
            (
                "nadia",
                "Avez-vous déjà accompagné des personnes via France VAE ? Les délais annoncés sont-ils tenus ?",
            ),
            (
                "marc",
                "Deux dossiers en cours : la recevabilité a été rapide, l’accompagnement démarre bien.",
            ),
            (
                "lea",
                "Attention aux certifications pas encore ouvertes sur la plateforme, il faut vérifier au cas par cas.",
            ),
            (
                "thomas",
                "Pour les personnes en situation de handicap, des aménagements du jury sont possibles, pensez-y.",
            ),
            ("sophie", "Merci, je note tout cela pour mon prochain atelier VAE."),
        ),
    ),
    (
        "Formation",
        "Pro-A : qui l’a déjà mobilisée avec un employeur ?",
        ("Formation", "Financement"),
        None,
        (
            (
                "julien",
                "La Pro-A reste confidentielle chez les cadres que j’accompagne. Des exemples réussis ?",
            ),
            (
                "nadia",
                "Une assistante administrative devenue comptable via Pro-A l’an dernier : l’OPCO a été très réactif.",
            ),
            (
                "lea",
                "Il faut que la certification figure sur la liste de la branche, c’est souvent là que ça bloque.",
            ),
            ("julien", "C’est exactement notre difficulté. Où trouver ces listes à jour ?"),
            (
                "camille",
                "Les accords de branche sont publiés sur le site de chaque OPCO, et nous les relayons dans nos fiches.",
            ),
        ),
    ),
    (
        "Formation",
        "Bilan de compétences financé par le CPF : comment choisir le prestataire ?",
        ("Formation", "Reconversion"),
        None,
        (
            (
                "marc",
                "Les personnes me demandent souvent comment choisir un bilan de compétences parmi des dizaines d’offres.",
            ),
            (
                "julien",
                "Je conseille de rencontrer deux prestataires avant de s’engager, et de vérifier la certification Qualiopi.",
            ),
            (
                "sophie",
                "Méfiez-vous des démarchages téléphoniques : aucun organisme sérieux n’appelle pour vendre un bilan.",
            ),
            (
                "nadia",
                "La durée en face à face est un bon critère : certains bilans sont presque entièrement en ligne.",
            ),
        ),
    ),
    (
        "Financements",
        "AIF : délais de réponse selon les agences",
        ("Financement", "Formation"),
        (
            "Délai moyen de réponse pour une AIF chez vous ?",
            ["Moins de 2 semaines", "2 à 4 semaines", "Plus d’un mois"],
        ),
        (
            (
                "marc",
                "Combien de temps attendez-vous une réponse à une demande d’aide individuelle à la formation ?",
            ),
            ("sophie", "Trois semaines en moyenne dans le Nord."),
            ("yannick", "Plutôt un mois à La Réunion, davantage en période de rentrée."),
            ("amina", "Deux semaines pour nous, mais le dossier doit être complet dès le départ."),
        ),
    ),
    (
        "Financements",
        "Transitions collectives : le dispositif est-il encore actif ?",
        ("Financement", "Reconversion"),
        None,
        (
            (
                "lea",
                "Une entreprise de ma région évoque Transitions collectives. Le dispositif existe-t-il encore sous cette forme ?",
            ),
        ),
    ),
    (
        "Financements",
        "Cumuler CPF et financement de l’employeur",
        ("Financement",),
        None,
        (
            (
                "julien",
                "Une salariée veut une formation à 6 000 € avec 2 500 € sur son CPF. Comment présenter la demande de complément à l’employeur ?",
            ),
            (
                "nadia",
                "Le mieux est un argumentaire centré sur les besoins de l’entreprise, avec le devis et le calendrier.",
            ),
            (
                "marc",
                "L’abondement passe directement par Mon Compte Formation, c’est simple pour l’employeur.",
            ),
            (
                "lea",
                "Et si l’employeur refuse, le PTP reste une option pour une reconversion complète.",
            ),
            ("julien", "Merci à tous, elle a obtenu l’abondement cette semaine !"),
        ),
    ),
    (
        "Création d’entreprise",
        "ARCE ou maintien des allocations : comment conseiller ?",
        ("Création d’entreprise", "Financement"),
        None,
        (
            (
                "marc",
                "Question fréquente : prendre l’ARCE en capital ou garder le maintien des allocations pendant le lancement ?",
            ),
            (
                "sophie",
                "Tout dépend du besoin de trésorerie au démarrage. L’ARCE aide à investir, le maintien sécurise.",
            ),
            ("nadia", "Une simulation chiffrée avec la personne vaut mieux que tous les discours."),
            (
                "julien",
                "Pour les cadres, nous orientons vers les ateliers création de l’Apec en complément.",
            ),
            (
                "lea",
                "Et les BGE proposent des simulations gratuites, très utiles avant de choisir.",
            ),
        ),
    ),
    (
        "Création d’entreprise",
        "Accompagner un projet de micro-entreprise chez un jeune",
        ("Création d’entreprise",),
        None,
        (
            (
                "amina",
                "Un jeune de 19 ans veut créer sa micro-entreprise de livraison. Comment l’accompagner sans casser son élan ?",
            ),
            (
                "yannick",
                "Les couveuses d’entreprises permettent de tester l’activité sans risque, c’est idéal à cet âge.",
            ),
            ("marc", "Regardez aussi les aides régionales à la création pour les moins de 26 ans."),
        ),
    ),
    (
        "Création d’entreprise",
        "ACRE : vos retours sur les nouvelles conditions",
        ("Création d’entreprise", "Financement"),
        None,
        (
            (
                "nadia",
                "Les conditions de l’ACRE ont encore évolué. Avez-vous une fiche à jour à partager ?",
            ),
        ),
    ),
    (
        "Qui fait quoi",
        "Qui accompagne les agents publics en reconversion ?",
        ("Reconversion",),
        None,
        (
            (
                "lea",
                "Un agent territorial me contacte pour une reconversion. Relève-t-il du CEP des opérateurs régionaux ?",
            ),
            (
                "nadia",
                "Les agents publics ont leurs propres conseillers en évolution professionnelle dans leur administration, mais nous pouvons informer.",
            ),
            (
                "thomas",
                "Pour les agents en situation de handicap, le FIPHFP finance des aménagements et des formations.",
            ),
            ("marc", "Bon à savoir, merci !"),
        ),
    ),
    (
        "Qui fait quoi",
        "Cap emploi et France Travail : qui suit quoi depuis le rapprochement ?",
        ("Handicap et emploi",),
        None,
        (
            (
                "sophie",
                "Depuis le rapprochement des réseaux, je ne sais plus toujours qui suit une personne avec une RQTH. Quelqu’un peut résumer ?",
            ),
            (
                "thomas",
                "Le lieu unique d’accompagnement se met en place progressivement. Nous restons référents des personnes qui ont besoin d’un accompagnement spécialisé.",
            ),
            (
                "marc",
                "Dans notre agence, un conseiller Cap emploi est présent deux jours par semaine, c’est très pratique.",
            ),
            (
                "amina",
                "Côté Missions locales, nous travaillons aussi avec Cap emploi pour les jeunes en situation de handicap.",
            ),
            ("thomas", "Exactement, n’hésitez pas à nous solliciter pour un avis."),
        ),
    ),
    (
        "Qui fait quoi",
        "Carif-Oref : que peuvent-ils faire pour nous ?",
        ("Formation", "Outils du conseiller"),
        None,
        (
            (
                "yannick",
                "Je découvre le rôle des Carif-Oref. Quels services proposent-ils aux conseillers ?",
            ),
            (
                "camille",
                "Nous publions l’offre de formation régionale, des fiches sur les dispositifs et des données sur l’emploi. Des sessions de professionnalisation aussi !",
            ),
            ("sophie", "Leurs fiches financements sont une mine, je les utilise chaque semaine."),
            ("yannick", "Merci Camille, je m’inscris à la prochaine session."),
        ),
    ),
    (
        "Actualités du CEP",
        "Réforme de l’assurance chômage : impacts sur nos accompagnements",
        ("Retour à l’emploi",),
        None,
        (
            (
                "marc",
                "Les nouvelles règles d’indemnisation changent les calendriers de nombreuses personnes. Comment en tenez-vous compte ?",
            ),
            ("sophie", "Nous anticipons davantage la fin de droits dans le plan d’action."),
            ("lea", "Les cadres sont très inquiets, il faut beaucoup d’information factuelle."),
            (
                "moderateur",
                "Une fiche de synthèse sera publiée dans la rubrique Actualités du portail.",
            ),
        ),
    ),
    (
        "Actualités du CEP",
        "Nouveau cahier des charges du CEP : ce qui change",
        ("Posture d’accompagnement",),
        None,
        (
            (
                "nadia",
                "Le cahier des charges du CEP a été actualisé. Quelqu’un a-t-il fait une lecture comparée ?",
            ),
            (
                "julien",
                "Les principaux changements portent sur le suivi et la mesure de la satisfaction.",
            ),
            (
                "moderateur",
                "Merci Julien. Nous préparons une capsule UODC pour présenter ces évolutions.",
            ),
        ),
    ),
    (
        "Présentations",
        "Bonjour depuis Toulouse !",
        (),
        None,
        (
            (
                "amina",
                "Conseillère en Mission locale depuis huit ans, je fais du CEP avec des jeunes de 16 à 25 ans. Ravie de découvrir la communauté.",
            ),
            ("nadia", "Bienvenue Amina !"),
            ("yannick", "Bienvenue, les Missions locales sont bien représentées ici."),
        ),
    ),
    (
        "Présentations",
        "Conseiller Cap emploi dans le Rhône",
        (),
        None,
        (
            (
                "thomas",
                "Bonjour à tous, j’accompagne des personnes en situation de handicap vers le maintien ou le retour à l’emploi. Disponible pour vos questions sur la compensation.",
            ),
            ("sophie", "Bienvenue Thomas, j’aurai sûrement des questions !"),
        ),
    ),
    (
        "Présentations",
        "Nouvelle consultante Apec à Nantes",
        (),
        None,
        (
            (
                "lea",
                "Bonjour, je rejoins l’Apec à Nantes après dix ans en cabinet de bilan. Au plaisir d’échanger !",
            ),
        ),
    ),
    (
        "Suggestions pour la plateforme",
        "Une rubrique pour les capsules vidéo UODC ?",
        (),
        ("Souhaitez-vous une rubrique dédiée aux capsules UODC ?", ["Oui", "Non", "Sans avis"]),
        (
            (
                "sophie",
                "Ce serait pratique de retrouver les capsules UODC dans une rubrique du forum pour en discuter.",
            ),
            ("julien", "Bonne idée, avec un fil par capsule."),
            ("amina", "Oui, et pouvoir les partager en atelier collectif."),
            ("moderateur", "Merci, nous en parlons au prochain comité du groupe pilote."),
        ),
    ),
    (
        "Suggestions pour la plateforme",
        "Être prévenu des réponses par courriel",
        ("Outils du conseiller",),
        None,
        (
            (
                "marc",
                "Est-il possible d’être averti par courriel quand quelqu’un répond à mon sujet ?",
            ),
            (
                "moderateur",
                "L’abonnement aux sujets existe déjà (bouton « S’abonner »). Les notifications par courriel sont prévues.",
            ),
            ("marc", "Parfait, merci."),
        ),
    ),
    (
        "Retours sur la bêta",
        "Premières impressions sur la bêta",
        (),
        None,
        (
            (
                "moderateur",
                "Bienvenue dans l’espace du groupe pilote. Quelles sont vos premières impressions ?",
            ),
            ("sophie", "La navigation par rubriques est claire. Il manque un filtre par région."),
            ("nadia", "Les thématiques transversales sont très utiles pour retrouver un sujet."),
            ("amina", "Sur téléphone, tout est lisible, c’est appréciable."),
        ),
    ),
    (
        "Retours sur la bêta",
        "Quelles rubriques ajouter avant l’ouverture ?",
        (),
        None,
        (
            ("nadia", "Avant l’ouverture à tous, faut-il une rubrique « Partenaires locaux » ?"),
            ("sophie", "Oui, avec une sous-rubrique par région."),
            ("amina", "Plutôt des thématiques par territoire, sinon on va disperser les échanges."),
            (
                "moderateur",
                "Noté : nous proposerons les deux options au vote lors du prochain comité.",
            ),
        ),
    ),
)

# The one reported post of the demo: (subject of the topic, author of the reported post, report).
REPORTED_POST = (
    "Bilan de compétences financé par le CPF : comment choisir le prestataire ?",
    "sophie",
    ("julien", "wrong_information", "Le message généralise un peu vite : à vérifier."),
)

# Validated answers: topic subject, the member whose (first) reply answers it, who validated it
# (the topic's author, or a moderator of its rubric).
VALIDATED_ANSWERS = (
    ("Personnes sans accès au numérique : comment faire le CPF ?", "sophie", "marc"),
    (
        "Bilan de compétences financé par le CPF : comment choisir le prestataire ?",
        "julien",
        "marc",
    ),
    ("Cumuler CPF et financement de l’employeur", "nadia", "julien"),
    ("Qui accompagne les agents publics en reconversion ?", "nadia", "lea"),
    ("Carif-Oref : que peuvent-ils faire pour nous ?", "camille", "yannick"),
    ("Repérer une fragilité psychologique sans sortir de son rôle", "moderateur", "nadia"),
    ("Être prévenu des réponses par courriel", "moderateur", "marc"),
    ("PTP : délais d’instruction constatés dans vos régions ?", "sophie", "julien"),
)
