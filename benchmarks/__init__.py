"""`make bench`: each of Heard's paths measured side by side with the limit of its parts."""
