"""The similar-questions set: new questions as a counsellor would type them in the new-topic form,
each worded differently from the demo discussion it should find (``manage.py load_demo``).

Read by ``manage.py check_similar_questions`` and
tests/community/forum_conversation/test_similar_questions.py: the share of questions whose
discussion is among the first five suggestions.
"""

# (subject typed, subject of the demo discussion that answers it)
SIMILAR_QUESTIONS = (
    ("Mon employeur peut-il compléter mon CPF ?", "Cumuler CPF et financement de l’employeur"),
    (
        "Combien de temps dure votre premier entretien ?",
        "Premier rendez-vous : combien de temps y consacrez-vous ?",
    ),
    (
        "Une personne attend que je décide pour elle",
        "Quand la personne attend qu’on décide à sa place",
    ),
    ("Entretien en visio ou par téléphone ?", "Accompagner à distance : visio ou téléphone ?"),
    (
        "Comment détecter une fragilité psy chez un bénéficiaire ?",
        "Repérer une fragilité psychologique sans sortir de son rôle",
    ),
    (
        "Ouvrir son CPF quand on n’a pas accès à internet",
        "Personnes sans accès au numérique : comment faire le CPF ?",
    ),
    (
        "Se reconvertir suite à un accident de travail",
        "Reconversion après un accident du travail",
    ),
    (
        "Des idées d’outils pour découvrir les métiers avec des jeunes ?",
        "Quels outils pour explorer les métiers avec un public jeune ?",
    ),
    (
        "Un modèle de synthèse pour formaliser le projet professionnel",
        "Formaliser le projet : vos trames de synthèse",
    ),
    (
        "Quelle formation suivre pour maîtriser les outils du CEP ?",
        "Se former aux outils du CEP : retours sur des formations suivies",
    ),
    (
        "Comment fonctionne la plateforme France VAE ?",
        "VAE : la nouvelle plateforme France VAE en pratique",
    ),
    (
        "Mobiliser la Pro-A avec une entreprise",
        "Pro-A : qui l’a déjà mobilisée avec un employeur ?",
    ),
    (
        "Choisir un organisme de bilan de compétences payé avec le CPF",
        "Bilan de compétences financé par le CPF : comment choisir le prestataire ?",
    ),
    ("Délai de traitement d’une demande d’AIF", "AIF : délais de réponse selon les agences"),
    (
        "Le dispositif TransCo existe-t-il toujours ?",
        "Transitions collectives : le dispositif est-il encore actif ?",
    ),
    (
        "Créateur d’entreprise : ARCE ou allocations chaque mois ?",
        "ARCE ou maintien des allocations : comment conseiller ?",
    ),
    (
        "Un jeune veut lancer sa micro-entreprise",
        "Accompagner un projet de micro-entreprise chez un jeune",
    ),
    (
        "Nouvelles règles de l’ACRE, qu’en pensez-vous ?",
        "ACRE : vos retours sur les nouvelles conditions",
    ),
    (
        "Reconversion d’un agent de la fonction publique : qui l’accompagne ?",
        "Qui accompagne les agents publics en reconversion ?",
    ),
    (
        "Répartition des rôles entre France Travail et Cap emploi",
        "Cap emploi et France Travail : qui suit quoi depuis le rapprochement ?",
    ),
    (
        "À quoi servent les Carif-Oref pour les conseillers ?",
        "Carif-Oref : que peuvent-ils faire pour nous ?",
    ),
    (
        "Ce que la réforme du chômage change pour le CEP",
        "Réforme de l’assurance chômage : impacts sur nos accompagnements",
    ),
    (
        "Quoi de neuf dans le cahier des charges ?",
        "Nouveau cahier des charges du CEP : ce qui change",
    ),
    (
        "Recevoir un mail quand on répond à mon sujet",
        "Être prévenu des réponses par courriel",
    ),
    (
        "Délai de Transitions Pro pour un projet de transition professionnelle",
        "PTP : délais d’instruction constatés dans vos régions ?",
    ),
    (
        "Salarié en arrêt maladie qui veut changer de métier : quel opérateur ?",
        "Orienter un salarié en arrêt longue durée : vers qui ?",
    ),
    (
        "Garder une posture neutre quand le bénéficiaire veut une solution immédiate",
        "Rester neutre quand la personne veut une solution tout de suite",
    ),
    (
        "Une rubrique dédiée aux vidéos de l’UODC",
        "Une rubrique pour les capsules vidéo UODC ?",
    ),
)
