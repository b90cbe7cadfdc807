from django.shortcuts import render


def home(request):
    """Public entry page: the knowledge base, and the way into the customer area."""
    return render(request, "kb/home.html")
