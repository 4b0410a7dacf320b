"""A Wagtail embed finder for tests: answers for https://videos.example/v/<id> without network."""

from wagtail.embeds.finders.base import EmbedFinder


class StubVideoHostFinder(EmbedFinder):
    def accept(self, url):
        return url.startswith("https://videos.example/v/")

    def find_embed(self, url, max_width=None, max_height=None):
        video_id = url.rsplit("/", 1)[-1]
        return {
            "title": "Vidéo de test",
            "type": "video",
            "html": f'<iframe src="https://videos.example/embed/{video_id}"></iframe>',
            "provider_name": "Videos Example",
            "width": 640,
            "height": 360,
        }


embed_finder_class = StubVideoHostFinder
